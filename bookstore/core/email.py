"""Sending e-mail without ever making a web request wait for, or fail because of, a mail server.

Callers build the message and call :func:`email_send_after_commit` inside their transaction. The message
is written to the outbox (:class:`~bookstore.core.models.OutboxEmail`) in that same transaction and handed
to the ``email_send`` task once it commits; a rolled-back sign-up therefore sends nothing, and a committed
one cannot lose its message: if the broker is down at that moment, the periodic flush hands it over later.
The task retries transient failures; a mail server that refuses a recipient for good marks the row failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from bookstore.core.models import OutboxEmail

logger = logging.getLogger(__name__)

#: A pending message not sent this long after it was handed to the broker is handed over again. Longer
#: than the longest retry back-off, so a message waiting for its next retry is not queued twice.
OUTBOX_STALE_AFTER = dt.timedelta(minutes=15)
#: How many messages one flush hands over, so a long outage drains in bounded steps.
OUTBOX_FLUSH_BATCH = 500
#: Delivery attempts (across retries and flushes) before a message is marked failed.
OUTBOX_MAX_ATTEMPTS = 12


def email_send_after_commit(
    *, to: list[str], subject: str, body: str, html: str | None = None, from_email: str | None = None
) -> OutboxEmail:
    """Queue a message: written now, in the caller's transaction; sent once that transaction commits."""
    message = OutboxEmail.objects.create(
        to=list(to), subject=subject, body=body, html=html or "", from_email=from_email or ""
    )
    transaction.on_commit(lambda: _enqueue([message.pk]), robust=True)
    return message


def _enqueue(message_ids: Sequence[uuid.UUID]) -> None:
    from bookstore.core.tasks import email_send

    OutboxEmail.objects.filter(pk__in=message_ids).update(enqueued_at=timezone.now())
    for message_id in message_ids:
        # A broker outage raises here; the row stays pending and the periodic flush retries the hand-over.
        email_send.delay(str(message_id))


def _is_permanent(error: Exception) -> bool:
    """A refusal that no retry will change: every recipient refused, or a 5xx answer to the message."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return (
        isinstance(error, (smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) and 500 <= error.smtp_code < 600
    )


def email_outbox_deliver(*, message_id: str) -> str:
    """Send one outbox message now (called by the task); returns its status afterwards.

    Idempotent: the row is locked for the whole send, so a second delivery of the same task waits and then
    finds the message sent. A transient failure raises (the caller retries) and leaves the row pending.
    """
    with transaction.atomic():
        message = OutboxEmail.objects.select_for_update().filter(pk=message_id).first()
        if message is None:  # erased with its recipient, or purged
            logger.info("E-mail %s is no longer in the outbox; nothing to send", message_id)
            return "missing"
        if message.status != OutboxEmail.Status.PENDING:
            return message.status
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            to=message.to,
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        message.attempts += 1
        try:
            email.send()
        except (smtplib.SMTPException, OSError) as error:
            if not _is_permanent(error):
                raise
            logger.error("E-mail %s refused for good: %s", message_id, error)
            message.status = OutboxEmail.Status.FAILED
            message.last_error = str(error)[:300]
            message.save(update_fields=["status", "attempts", "last_error"])
            return message.status
        message.status = OutboxEmail.Status.SENT
        message.sent_at = timezone.now()
        message.body = message.html = ""
        message.last_error = ""
        message.save(update_fields=["status", "sent_at", "body", "html", "last_error", "attempts"])
    return message.status


def email_outbox_record_failure(*, message_id: str, error: BaseException, final: bool) -> None:
    """Count a failed attempt; after the last one the message is marked failed (and stays for support)."""
    with transaction.atomic():
        message = OutboxEmail.objects.select_for_update().pending().filter(pk=message_id).first()
        if message is None:
            return
        message.attempts += 1
        message.last_error = f"{type(error).__name__}: {error}"[:300]
        if final or message.attempts >= OUTBOX_MAX_ATTEMPTS:
            message.status = OutboxEmail.Status.FAILED
            logger.error("E-mail %s failed after %s attempts: %s", message_id, message.attempts, error)
        message.save(update_fields=["attempts", "last_error", "status"])


def email_outbox_flush(
    *, now: dt.datetime | None = None, stale_after: dt.timedelta = OUTBOX_STALE_AFTER
) -> int:
    """Hand pending messages that never reached a worker (broker down, crash after commit) to the broker.

    Returns how many were handed over. Rows being delivered right now are locked and skipped.
    """
    now = now or timezone.now()
    with transaction.atomic():
        message_ids = list(
            OutboxEmail.objects.stale(now=now, after=stale_after)
            .filter(attempts__lt=OUTBOX_MAX_ATTEMPTS)
            .order_by("created_at")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:OUTBOX_FLUSH_BATCH]
        )
        if message_ids:
            logger.warning("Handing %s pending e-mail(s) to the broker again", len(message_ids))
            transaction.on_commit(lambda: _enqueue(message_ids), robust=True)
    return len(message_ids)


def email_outbox_purge(*, now: dt.datetime | None = None) -> int:
    """Delete sent and failed messages older than ``EMAIL_OUTBOX_RETENTION_DAYS``. Returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.EMAIL_OUTBOX_RETENTION_DAYS)
    deleted, _ = OutboxEmail.objects.finished_before(cutoff).delete()
    return deleted
