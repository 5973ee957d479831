import contextlib
import datetime as dt
import smtplib
from io import StringIO
from unittest import mock

import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from bookstore.core.email import (
    OUTBOX_MAX_ATTEMPTS,
    email_outbox_deliver,
    email_outbox_flush,
    email_outbox_purge,
    email_outbox_record_failure,
    email_send_after_commit,
)
from bookstore.core.models import OutboxEmail
from bookstore.core.tasks import email_send
from bookstore.core.tests.factories import OutboxEmailFactory

# A real SMTP connection to a port where nothing listens: the mail server is down.
MAIL_SERVER_DOWN = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
    }
}


class EmailSendAfterCommitTests(TestCase):
    def test_the_message_is_written_in_the_transaction_and_sent_when_it_commits(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            message = email_send_after_commit(
                to=["ada@example.com"], subject="Hello", body="Plain", html="<p>Rich</p>"
            )
        self.assertEqual(mail.outbox, [])
        self.assertEqual(OutboxEmail.objects.get().status, OutboxEmail.Status.PENDING)

        for callback in callbacks:
            callback()

        self.assertEqual(len(mail.outbox), 1)
        sent = mail.outbox[0]
        self.assertEqual(sent.to, ["ada@example.com"])
        self.assertEqual(sent.subject, "Hello")
        self.assertEqual(sent.body, "Plain")
        self.assertEqual(sent.alternatives[0][0], "<p>Rich</p>")
        self.assertEqual(sent.from_email, "Bookstore <noreply@bookstore.localhost>")
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxEmail.Status.SENT, 1))
        self.assertIsNotNone(message.sent_at)
        self.assertIsNotNone(message.enqueued_at)
        # One-time links do not outlive the delivery.
        self.assertEqual((message.body, message.html), ("", ""))

    def test_nothing_is_written_or_sent_when_the_transaction_rolls_back(self):
        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            contextlib.suppress(RuntimeError),
            transaction.atomic(),
        ):
            email_send_after_commit(to=["ada@example.com"], subject="Hello", body="Plain")
            raise RuntimeError("the sign-up failed after queuing its mail")

        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])
        self.assertFalse(OutboxEmail.objects.exists())

    @override_settings(MAILERS=MAIL_SERVER_DOWN)
    def test_a_mail_server_outage_keeps_the_message_pending_and_never_fails_the_caller(self):
        with self.captureOnCommitCallbacks(execute=True):
            message = email_send_after_commit(to=["ada@example.com"], subject="Hello", body="Plain")

        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxEmail.Status.PENDING, 1))
        self.assertTrue(message.last_error.startswith("ConnectionRefusedError"), message.last_error)
        self.assertEqual(message.body, "Plain")


class EmailOutboxDeliverTests(TestCase):
    def test_delivering_twice_sends_once(self):
        message = OutboxEmailFactory()

        self.assertEqual(email_send.delay(str(message.pk)).get(), "sent")
        self.assertEqual(email_send.delay(str(message.pk)).get(), "sent")

        self.assertEqual(len(mail.outbox), 1)
        message.refresh_from_db()
        self.assertEqual(message.attempts, 1)

    def test_a_message_erased_before_delivery_is_skipped(self):
        message = OutboxEmailFactory()
        message_id = str(message.pk)
        message.delete()

        self.assertEqual(email_outbox_deliver(message_id=message_id), "missing")
        self.assertEqual(mail.outbox, [])

    def test_a_recipient_refused_for_good_marks_the_message_failed_without_retrying(self):
        message = OutboxEmailFactory(to=["nobody@example.com"])
        refused = smtplib.SMTPRecipientsRefused({"nobody@example.com": (550, b"No such user")})

        # The mail server is the outside world: its refusal is simulated.
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=refused) as send:
            self.assertEqual(email_send.delay(str(message.pk)).get(), "failed")

        self.assertEqual(send.call_count, 1)
        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxEmail.Status.FAILED, 1))
        self.assertIn("No such user", message.last_error)

    def test_a_temporary_refusal_is_left_for_a_retry(self):
        message = OutboxEmailFactory()
        busy = smtplib.SMTPDataError(451, b"Try again later")

        with (
            mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=busy),
            self.assertRaises(smtplib.SMTPDataError),
        ):
            email_outbox_deliver(message_id=str(message.pk))

        message.refresh_from_db()
        self.assertEqual((message.status, message.attempts), (OutboxEmail.Status.PENDING, 0))

    def test_the_last_attempt_marks_the_message_failed(self):
        message = OutboxEmailFactory(attempts=OUTBOX_MAX_ATTEMPTS - 2)

        email_outbox_record_failure(message_id=str(message.pk), error=TimeoutError("slow"), final=False)
        message.refresh_from_db()
        self.assertEqual(
            (message.status, message.attempts), (OutboxEmail.Status.PENDING, OUTBOX_MAX_ATTEMPTS - 1)
        )

        email_outbox_record_failure(message_id=str(message.pk), error=TimeoutError("slow"), final=False)
        message.refresh_from_db()
        self.assertEqual(
            (message.status, message.last_error), (OutboxEmail.Status.FAILED, "TimeoutError: slow")
        )


class EmailOutboxFlushTests(TestCase):
    def test_only_messages_stuck_in_transit_are_handed_over_again(self):
        now = timezone.now()
        stuck = OutboxEmailFactory(enqueued_at=now - dt.timedelta(minutes=20))
        never_enqueued = OutboxEmailFactory(enqueued_at=None)
        recent = OutboxEmailFactory(enqueued_at=now - dt.timedelta(minutes=2))
        OutboxEmailFactory(
            status=OutboxEmail.Status.SENT, sent_at=now, enqueued_at=now - dt.timedelta(hours=1)
        )
        exhausted = OutboxEmailFactory(attempts=OUTBOX_MAX_ATTEMPTS, enqueued_at=now - dt.timedelta(hours=1))

        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(email_outbox_flush(now=now), 2)

        sent = OutboxEmail.objects.filter(status=OutboxEmail.Status.SENT, enqueued_at__gte=now)
        self.assertEqual(set(sent.values_list("pk", flat=True)), {stuck.pk, never_enqueued.pk})
        self.assertEqual(sorted(m.to for m in mail.outbox), sorted([stuck.to, never_enqueued.to]))
        self.assertEqual(
            set(OutboxEmail.objects.pending().values_list("pk", flat=True)), {recent.pk, exhausted.pk}
        )

    def test_purge_deletes_finished_messages_past_retention_only(self):
        now = timezone.now()
        with time_machine.travel(now - dt.timedelta(days=31)):
            old_sent = OutboxEmailFactory(status=OutboxEmail.Status.SENT, sent_at=timezone.now())
            old_failed = OutboxEmailFactory(status=OutboxEmail.Status.FAILED)
            old_pending = OutboxEmailFactory()
        recent_sent = OutboxEmailFactory(status=OutboxEmail.Status.SENT, sent_at=now)

        self.assertEqual(email_outbox_purge(now=now), 2)

        self.assertEqual(
            set(OutboxEmail.objects.values_list("pk", flat=True)), {old_pending.pk, recent_sent.pk}
        )
        self.assertFalse(OutboxEmail.objects.filter(pk__in=[old_sent.pk, old_failed.pk]).exists())


class EmailOutboxFlushCommandTests(TestCase):
    def test_all_sends_every_pending_message_without_a_broker(self):
        recent = OutboxEmailFactory(enqueued_at=timezone.now())
        output = StringIO()

        with self.captureOnCommitCallbacks(execute=True):
            call_command("email_outbox_flush", stdout=output)
        self.assertEqual(output.getvalue(), "Handed over 0 message(s).\n")
        self.assertEqual(mail.outbox, [])

        with self.captureOnCommitCallbacks(execute=True):
            call_command("email_outbox_flush", "--all", stdout=output)

        self.assertIn("Handed over 1 message(s).", output.getvalue())
        self.assertEqual([m.to for m in mail.outbox], [recent.to])
