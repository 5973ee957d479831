"""Background tasks shared by every app."""

from __future__ import annotations

import logging
import smtplib

from celery import shared_task

from bookstore.core.email import email_deliver

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    acks_late=True,
)
def email_send(payload: dict[str, object]) -> None:
    # The payload is plain JSON (never a model instance): safe to serialise and to run twice.
    email_deliver(payload)
