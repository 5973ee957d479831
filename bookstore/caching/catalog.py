"""Cached catalog reads that every list page repeats: the genre menu and the row count behind pagination.

Both are keyed on generations, so they are never older than the last catalog change. A book's rating
summary needs no cache: it is read from the counters on the book row (``reviews.selectors.rating_summary``),
which is cheaper than any cache round trip.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from bookstore.caching.generations import CATALOG, TAXONOMY
from bookstore.caching.values import cached_value
from bookstore.catalog.models import Genre
from bookstore.catalog.selectors import genre_list


def genre_menu() -> list[Genre]:
    """All genres in menu order, shared by every list page until a genre changes."""
    return cached_value("genre-menu", scopes=[TAXONOMY], compute=lambda: list(genre_list()))


class CachedCountPaginator(Paginator):
    """A paginator whose ``COUNT(*)`` is computed once per catalog generation for each distinct query.

    Counting 100,000 visible books costs tens of milliseconds on every list page; the count of a given
    query changes only when the catalog does.
    """

    object_list: Any

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list)
        try:
            sql, params = self.object_list.query.sql_with_params()
        except EmptyResultSet:  # QuerySet.none(): nothing to count
            return 0
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()[:32]
        return cached_value(f"count:{digest}", scopes=[CATALOG], compute=self.object_list.count)
