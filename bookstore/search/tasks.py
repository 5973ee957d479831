"""Background re-indexing: thin wrappers that take ids, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from bookstore.core.jobs import RETRY_TRANSIENT
from bookstore.search.services import search_index_books


@shared_task(**RETRY_TRANSIENT)
def search_index_books_task(book_ids: list[str]) -> int:
    return search_index_books(book_ids=book_ids)
