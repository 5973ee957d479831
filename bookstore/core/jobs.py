"""How every background task behaves: the shared retry policy and the base task class.

A task retries only *transient* errors (a mail server, storage or database that is briefly unreachable),
with exponential back-off and full jitter so a recovering service is not hit by every worker at the same
second. Anything else — a bug, bad data, a permanent refusal — fails at once and is logged; retrying it
would only repeat the failure. Use the policy on any task::

    from celery import shared_task
    from bookstore.core.jobs import RETRY_TRANSIENT

    @shared_task(bind=True, **RETRY_TRANSIENT)
    def cover_thumbnails_make(self, cover_id: int) -> None: ...

Raise :class:`PermanentTaskError` (or a subclass) from a task to say "retrying cannot help".

This module must stay importable before Django is set up: ``config/celery.py`` names the task class here.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from celery import Task
from django.db import InterfaceError, OperationalError

logger = logging.getLogger(__name__)


class PermanentTaskError(Exception):
    """A failure that retrying cannot fix (a refused recipient, a corrupt upload)."""


def _storage_errors() -> tuple[type[BaseException], ...]:
    # Object storage (S3 through boto3) raises its own connection errors, not OSError.
    try:
        from botocore import exceptions  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - botocore is a locked dependency
        return ()
    return (exceptions.ConnectionError, exceptions.HTTPClientError)


#: Errors worth another try later. ``OSError`` covers sockets, timeouts and ``smtplib.SMTPException``;
#: the database errors cover a failover, a dropped connection, a deadlock or a cancelled statement.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    OperationalError,
    InterfaceError,
    *_storage_errors(),
)

#: The first retry waits up to this many seconds, then the ceiling doubles on each attempt.
RETRY_BACKOFF_SECONDS = 5
#: No single wait is longer than this. The Redis visibility timeout must exceed it (a task waiting for its
#: retry is held, unacknowledged, by a worker), which the ``core`` system check verifies.
RETRY_BACKOFF_MAX_SECONDS = 600
#: With the values above, eight retries spread over roughly 30 minutes.
RETRY_MAX_ATTEMPTS = 8

#: Keyword arguments for ``shared_task``: retry transient errors with exponential back-off and full jitter.
RETRY_TRANSIENT: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "dont_autoretry_for": (PermanentTaskError,),
    "retry_backoff": RETRY_BACKOFF_SECONDS,
    "retry_backoff_max": RETRY_BACKOFF_MAX_SECONDS,
    "retry_jitter": True,
    "max_retries": RETRY_MAX_ATTEMPTS,
}


def retry_countdown(retries: int) -> int:
    """Seconds to wait before retry number ``retries + 1`` (for tasks that call ``self.retry`` themselves).

    "Full jitter": a random wait between 0 and the exponential ceiling, as the autoretry policy does.
    """
    ceiling = min(RETRY_BACKOFF_MAX_SECONDS, RETRY_BACKOFF_SECONDS * 2**retries)
    return random.randint(0, ceiling)  # noqa: S311 - spreading load, not security


def is_transient(error: BaseException) -> bool:
    return isinstance(error, TRANSIENT_ERRORS) and not isinstance(error, PermanentTaskError)


class BookstoreTask(Task):
    """The base class of every task (set as the app's ``task_cls`` in ``config/celery.py``)."""

    def retry(self, *args: Any, **kwargs: Any) -> Any:
        if self.request.is_eager:
            # Without a broker (the embedded default) there is nothing to hold a delayed retry: Celery would
            # retry inline, at once and up to max_retries times, inside the web request that enqueued the
            # task. Fail now instead; work that must not be lost (e-mail) stays pending in its own table.
            error = kwargs.get("exc")
            logger.warning("Task %s failed without a broker to retry it later: %r", self.name, error)
            if error is not None:
                raise error
        return super().retry(*args, **kwargs)
