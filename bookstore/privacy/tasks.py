"""Background jobs of the privacy app."""

from __future__ import annotations

import logging

from celery import shared_task

from bookstore.core.jobs import retry_countdown
from bookstore.privacy.services import data_export_build, data_export_mark_failed, data_exports_expire

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=5, soft_time_limit=300, time_limit=360)
def data_export_build_task(self: object, export_id: str) -> None:
    try:
        data_export_build(export_id=export_id)
    except OSError as error:  # storage hiccup: try again later
        # Without a broker (eager) nothing would retry later: fail now rather than stay pending for ever.
        request = self.request  # type: ignore[attr-defined]
        if request.is_eager or request.retries >= self.max_retries:  # type: ignore[attr-defined]
            data_export_mark_failed(export_id=export_id, reason="Storage unavailable.")
            raise
        raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error  # type: ignore[attr-defined]


@shared_task
def data_exports_expire_task() -> int:
    return data_exports_expire()
