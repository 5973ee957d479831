"""The thumbnail task: takes a book id, calls the service, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from bookstore.catalog.covers.services import book_cover_thumbnails_build


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def book_cover_thumbnails_task(book_id: str) -> str:
    # A corrupt cover is recorded as failed by the service and returns normally: only storage outages retry.
    return book_cover_thumbnails_build(book_id=book_id)
