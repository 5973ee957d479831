import contextlib

from django.core import mail
from django.db import transaction
from django.test import TestCase

from bookstore.core.email import email_send_after_commit


class EmailSendAfterCommitTests(TestCase):
    def test_the_message_is_sent_only_when_the_transaction_commits(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            email_send_after_commit(to=["ada@example.com"], subject="Hello", body="Plain", html="<p>Rich</p>")
        self.assertEqual(mail.outbox, [])

        for callback in callbacks:
            callback()

        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["ada@example.com"])
        self.assertEqual(message.subject, "Hello")
        self.assertEqual(message.body, "Plain")
        self.assertEqual(message.alternatives[0][0], "<p>Rich</p>")

    def test_nothing_is_sent_when_the_transaction_rolls_back(self):
        with (
            self.captureOnCommitCallbacks(execute=True) as callbacks,
            contextlib.suppress(RuntimeError),
            transaction.atomic(),
        ):
            email_send_after_commit(to=["ada@example.com"], subject="Hello", body="Plain")
            raise RuntimeError("the sign-up failed after queuing its mail")

        self.assertEqual(callbacks, [])
        self.assertEqual(mail.outbox, [])
