"""Cached catalog reads that every list page repeats: the genre menu and the row count behind pagination.

Both are keyed on generations, so they are never older than the last catalog change. A book's rating
summary needs no cache: it is read from the counters on the book row (``reviews.selectors.rating_summary``),
which is cheaper than any cache round trip.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from bookstore.caching.generations import CATALOG, TAXONOMY
from bookstore.caching.values import cached_value
from bookstore.catalog.models import Genre
from bookstore.catalog.selectors import genre_list


def genre_menu() -> list[Genre]:
    """All genres in menu order, shared by every list page until a genre changes."""
    return cached_value("genre-menu", scopes=[TAXONOMY], compute=lambda: list(genre_list()))


# From this many rows skipped on, a page is fetched in two steps (see CachedCountPaginator.page).
DEEP_PAGE_OFFSET = 200


class CachedCountPaginator(Paginator):
    """A paginator for big catalog lists.

    - ``COUNT(*)`` is computed once per catalog generation for each distinct query: counting 100,000
      visible books costs tens of milliseconds on every list page, and the count changes only when the
      catalog does.
    - Deep pages fetch their 20 ids first and only then the rows with their annotations. Fetched in one go,
      PostgreSQL evaluates the per-row author and genre subqueries for every row that ``OFFSET`` skips
      (10,000 of them on page 500: ~0.6 s); the ids alone come straight from the sort's index.
    """

    object_list: Any

    def page(self, number: Any) -> Any:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < DEEP_PAGE_OFFSET or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return Page([rows[pk] for pk in ids if pk in rows], number, self)

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
