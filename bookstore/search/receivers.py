"""Refresh search vectors when the catalog changes.

``catalog_changed`` arrives after the write committed, with the ids of the books concerned (an author's
rename lists every book crediting them). Genre, publisher and review changes do not touch what is indexed.
The work goes to a background task in chunks, so renaming a prolific author does not hold up the request;
without a broker the task runs right here.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from bookstore.catalog.models import Author, Book
from bookstore.catalog.signals import catalog_changed
from bookstore.search.tasks import search_index_books_task

CHUNK = 1000


@receiver(catalog_changed, dispatch_uid="search-refresh-vectors")
def refresh_search_vectors(sender: Any, book_ids: list[Any] | None = None, **kwargs: Any) -> None:
    if sender not in (Book, Author) or not book_ids:
        return
    ids = [str(book_id) for book_id in book_ids]
    for start in range(0, len(ids), CHUNK):
        search_index_books_task.delay(ids[start : start + CHUNK])
