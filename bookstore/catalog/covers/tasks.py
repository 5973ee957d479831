"""The thumbnail task: takes a book id, calls the service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from bookstore.catalog.covers.services import book_cover_thumbnails_build
from bookstore.core.jobs import RETRY_TRANSIENT


@shared_task(**RETRY_TRANSIENT)
def book_cover_thumbnails_task(book_id: str) -> str:
    # A corrupt or vanished cover is recorded as failed by the service, which returns normally: only
    # transient storage or database errors are retried (the shared policy), never bad data.
    return book_cover_thumbnails_build(book_id=book_id)
