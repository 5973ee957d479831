"""Keeping the search index current.

Each book's ``search_vector`` weighs its title and subtitle (A) over its authors' names (B) over its
description (C). It is computed by PostgreSQL from the rows themselves, so it can be refreshed for any set of
books at any time: after a catalog write (see ``receivers``), or for everything with ``manage.py
search_reindex``. The same services add the words of titles and author names to the spelling vocabulary.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction

from bookstore.caching import generations
from bookstore.catalog.models import Author, Book, BookAuthor
from bookstore.search.models import SearchTerm
from bookstore.search.text import SEARCH_CONFIG, vocabulary_words

logger = logging.getLogger(__name__)


def _update_vectors(book_ids: list[Any]) -> int:
    """One set-based UPDATE: authors are aggregated once for the batch (a hash join, not a subquery per row)."""
    book, credit, author = (
        connection.ops.quote_name(model._meta.db_table) for model in (Book, BookAuthor, Author)
    )
    sql = f"""
        UPDATE {book} AS b
        SET search_vector =
            setweight(to_tsvector(%(config)s::regconfig, b.title || ' ' || b.subtitle), 'A')
            || setweight(to_tsvector(%(config)s::regconfig, COALESCE(credits.names, '')), 'B')
            || setweight(to_tsvector(%(config)s::regconfig, b.description), 'C')
        FROM (
            SELECT ids.id, string_agg(a.name, ' ' ORDER BY ba.position, a.id) AS names
            FROM unnest(%(ids)s::uuid[]) AS ids(id)
            LEFT JOIN {credit} AS ba ON ba.book_id = ids.id
            LEFT JOIN {author} AS a ON a.id = ba.author_id
            GROUP BY ids.id
        ) AS credits
        WHERE b.id = credits.id
    """  # noqa: S608 - table names are ours; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, {"config": SEARCH_CONFIG, "ids": book_ids})
        return cursor.rowcount


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
    ids = list(dict.fromkeys(uuid.UUID(str(book_id)) for book_id in book_ids))
    if not ids:
        return 0
    with transaction.atomic():
        updated = _update_vectors(ids)
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
