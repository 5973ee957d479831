"""``catalog_changed``: sent after a catalog or review write commits.

Receivers (cache invalidation, search-vector refresh) get ``sender`` (the model class that changed),
``book_ids`` (possibly empty) and, for author or genre changes, ``author_ids`` / ``genre_ids``.
It is sent from ``transaction.on_commit``, so a receiver never sees a change that was rolled back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.dispatch import Signal

catalog_changed = Signal()


def catalog_changed_after_commit(
    *,
    sender: type[Any],
    book_ids: Iterable[Any] = (),
    author_ids: Iterable[int] = (),
    genre_ids: Iterable[int] = (),
) -> None:
    """Send ``catalog_changed`` once the current transaction commits (at once outside a transaction)."""
    books, authors, genres = list(book_ids), list(author_ids), list(genre_ids)
    transaction.on_commit(
        lambda: catalog_changed.send(sender=sender, book_ids=books, author_ids=authors, genre_ids=genres),
        robust=True,
    )
