"""Background re-indexing: thin wrappers that take ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from bookstore.search.services import search_index_books


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    acks_late=True,
)
def search_index_books_task(book_ids: list[str]) -> int:
    return search_index_books(book_ids=book_ids)
