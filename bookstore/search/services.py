"""Keeping the search index current.

Each book's ``search_vector`` weighs its title and subtitle (A) over its authors' names (B) over its
description (C). It is computed by PostgreSQL from the rows themselves, so it can be refreshed for any set of
books at any time: after a catalog write (see ``receivers``), or for everything with ``manage.py
search_reindex``. The same services add the words of titles and author names to the spelling vocabulary.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Expression, OuterRef, StringAgg, Subquery, Value

from bookstore.caching import generations
from bookstore.catalog.models import Author, Book, BookAuthor
from bookstore.search.models import SearchTerm
from bookstore.search.text import SEARCH_CONFIG, vocabulary_words

logger = logging.getLogger(__name__)


def book_search_vector() -> Expression:
    """The SQL expression of a book's weighted vector, for ``UPDATE … SET search_vector = …``."""
    author_names = Subquery(
        BookAuthor.objects.filter(book=OuterRef("pk"))
        .order_by()
        .values("book")
        .annotate(names=StringAgg("author__name", delimiter=Value(" "), order_by="position"))
        .values("names")[:1]
    )
    return (
        SearchVector("title", "subtitle", weight="A", config=SEARCH_CONFIG)
        + SearchVector(author_names, weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def _vocabulary_add(*, book_ids: list[Any]) -> int:
    titles = Book.objects.filter(pk__in=book_ids).values_list("title", "subtitle")
    names = Author.objects.filter(credits__book_id__in=book_ids).values_list("name", flat=True).distinct()
    terms = vocabulary_words(*(text for pair in titles for text in pair), *names)
    # Sorted, so concurrent indexers insert in the same order and never deadlock on the primary key.
    created = SearchTerm.objects.bulk_create(
        [SearchTerm(term=term) for term in sorted(terms)], ignore_conflicts=True, batch_size=2000
    )
    return len(created)


def search_index_books(*, book_ids: Iterable[Any]) -> int:
    """Recompute the vectors of these books and add their words to the vocabulary. Returns books updated.

    Idempotent and safe to repeat; ids of deleted books are ignored.
    """
    ids = list(dict.fromkeys(book_ids))
    if not ids:
        return 0
    with transaction.atomic():
        updated = Book.objects.filter(pk__in=ids).update(search_vector=book_search_vector())
        _vocabulary_add(book_ids=ids)
        # Cached search pages matched against the old vectors; move them once the new ones are visible.
        transaction.on_commit(lambda: generations.bump([generations.SEARCH]))
    return updated


def search_index_all(*, batch_size: int = 5000, progress: Callable[[int], None] | None = None) -> int:
    """Re-index every book in primary-key batches (one short transaction each). Returns books updated."""
    total, last = 0, None
    while True:
        batch = Book.objects.order_by("pk").values_list("pk", flat=True)
        if last is not None:
            batch = batch.filter(pk__gt=last)
        ids = list(batch[:batch_size])
        if not ids:
            break
        total += search_index_books(book_ids=ids)
        last = ids[-1]
        if progress is not None:
            progress(total)
    return total


def search_vocabulary_prune() -> int:
    """Delete vocabulary words no title, subtitle or author name uses any more. Returns words deleted."""
    used: set[str] = set()
    for title, subtitle in Book.objects.values_list("title", "subtitle").iterator(chunk_size=10_000):
        used |= vocabulary_words(title, subtitle)
    for name in Author.objects.values_list("name", flat=True).iterator(chunk_size=10_000):
        used |= vocabulary_words(name)
    stale = [
        term for term in SearchTerm.objects.values_list("term", flat=True).iterator() if term not in used
    ]
    deleted = 0
    for start in range(0, len(stale), 5000):
        deleted += SearchTerm.objects.filter(term__in=stale[start : start + 5000]).delete()[0]
    logger.info("search vocabulary pruned: %s stale words", deleted)
    return deleted
