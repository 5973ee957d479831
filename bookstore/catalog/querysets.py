"""The catalog's query vocabulary.

``visible_to(user)`` is the one visibility rule (titles before their publication date are hidden unless the
reader holds ``catalog.special_status``); ``for_listing()`` loads what a list shows in a fixed number of
queries; ``sorted_by(key)`` applies one of the supported sorts, each backed by an index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Permission
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import JSONObject
from django.utils import timezone

if TYPE_CHECKING:
    from bookstore.catalog.models import Book  # noqa: F401 - named in the QuerySet generic below

SPECIAL_STATUS_PERM = "catalog.special_status"

# key -> (label, ordering). The primary key ends every ordering so pages never overlap or skip rows.
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "title": ("Title", ("title", "id")),
    "newest": ("Newest", ("-publication_date", "-id")),
    "rating": ("Best rated", ("-rating_average", "-rating_count", "id")),
}
DEFAULT_SORT = "title"


def _special_status_exists(user: Any) -> Exists:
    """SQL that is true when ``user`` holds ``catalog.special_status`` directly or through a group.

    Evaluated inside the book query itself (PostgreSQL runs it once, as an InitPlan), so a signed-in reader's
    page costs no extra query for the permission check: ``user.has_perm`` would cost two.
    """
    app_label, codename = SPECIAL_STATUS_PERM.split(".")
    return Exists(
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).filter(
            Q(user=user.pk) | Q(group__user=user.pk)
        )
    )


class BookQuerySet(models.QuerySet["Book"]):
    def published(self) -> BookQuerySet:
        return self.filter(publication_date__lte=timezone.localdate())

    def visible_to(self, user: Any) -> BookQuerySet:
        """The books ``user`` may see: published ones, and future ones too with ``catalog.special_status``."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.published()
        if user.is_superuser:
            return self
        perm_cache = getattr(user, "_perm_cache", None)
        if perm_cache is not None:  # has_perm already ran for this user object: reuse its answer
            return self if SPECIAL_STATUS_PERM in perm_cache else self.published()
        return self.filter(Q(publication_date__lte=timezone.localdate()) | _special_status_exists(user))

    def with_people(self) -> BookQuerySet:
        """Annotate ``author_rows`` and ``genre_rows`` (lists of dicts, authors in credit order).

        One correlated subquery per row instead of two prefetch queries: a list page stays within its query
        budget. ``Book.listed_authors`` / ``Book.listed_genres`` turn the rows into model instances.
        """
        from bookstore.catalog.models import BookAuthor, Genre

        authors = ArraySubquery(
            BookAuthor.objects.filter(book=OuterRef("pk"))
            .order_by("position", "author_id")
            .values(row=JSONObject(id="author_id", name="author__name", slug="author__slug"))
        )
        genres = ArraySubquery(
            Genre.objects.filter(books=OuterRef("pk"))
            .order_by("name", "id")
            .values(row=JSONObject(id="id", name="name", slug="slug"))
        )
        return self.annotate(author_rows=authors, genre_rows=genres)

    def for_listing(self) -> BookQuerySet:
        """Everything a list or detail shows (publisher, authors in order, genres) in one query."""
        return self.select_related("publisher").with_people()

    def sorted_by(self, key: str | None) -> BookQuerySet:
        _, ordering = SORTS.get(key or DEFAULT_SORT, SORTS[DEFAULT_SORT])
        return self.order_by(*ordering)
