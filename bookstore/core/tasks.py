"""Background tasks shared by every app: e-mail delivery and the housekeeping jobs beat runs.

Tasks take ids, never model instances, and are safe to run twice (a redelivered message after a worker
crash runs again). They are thin: load by id, call a service.
"""

from __future__ import annotations

import logging
from importlib import import_module

from celery import shared_task
from django.conf import settings

from bookstore.core.email import (
    email_outbox_deliver,
    email_outbox_flush,
    email_outbox_purge,
    email_outbox_record_failure,
)
from bookstore.core.jobs import RETRY_TRANSIENT, TRANSIENT_ERRORS

logger = logging.getLogger(__name__)


@shared_task(bind=True, soft_time_limit=60, time_limit=90, **RETRY_TRANSIENT)
def email_send(self: object, message_id: str) -> str:
    try:
        return email_outbox_deliver(message_id=message_id)
    except TRANSIENT_ERRORS as error:
        request = self.request  # type: ignore[attr-defined]
        # Without a broker nothing retries this attempt later: the row stays pending (until it has used up
        # its attempts) for the next flush or `manage.py email_outbox_flush`.
        final = not request.is_eager and request.retries >= self.max_retries  # type: ignore[attr-defined]
        email_outbox_record_failure(message_id=message_id, error=error, final=final)
        raise


@shared_task
def email_outbox_flush_task() -> int:
    return email_outbox_flush()


@shared_task
def email_outbox_purge_task() -> int:
    # Idempotent: a second run finds nothing older than the retention period.
    return email_outbox_purge()


@shared_task
def sessions_clear_expired_task() -> None:
    # What `manage.py clearsessions` does; idempotent. Database sessions otherwise grow without bound.
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
