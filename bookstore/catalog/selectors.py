"""Catalog reads. Every reader-facing book query goes through ``Book.objects.visible_to(user)``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from bookstore.catalog.models import Author, Book, BookAuthor, Genre
from bookstore.catalog.querysets import DEFAULT_SORT, SORTS


@dataclass(frozen=True)
class BookFilters:
    """The filters a book list accepts; empty values mean "no filter"."""

    genre: str = ""  # genre slug
    author: str = ""  # author slug, or an author id
    language: str = ""
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    sort: str = DEFAULT_SORT

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None) -> BookFilters:
        data = dict(data or {})
        return cls(**{name: value for name, value in data.items() if name in cls.__dataclass_fields__})


def book_list(*, user: Any, filters: BookFilters | dict[str, Any] | None = None) -> QuerySet[Book]:
    """Visible books, filtered and sorted, loaded for a list page (see ``BookQuerySet.for_listing``)."""
    if not isinstance(filters, BookFilters):
        filters = BookFilters.from_mapping(filters)
    books = Book.objects.visible_to(user)
    if filters.genre:
        # EXISTS rather than a join: a book in two matching rows would otherwise be listed twice.
        books = books.filter(
            Exists(Book.genres.through.objects.filter(book=OuterRef("pk"), genre__slug=filters.genre))
        )
    if filters.author:
        credited = BookAuthor.objects.filter(book=OuterRef("pk"))
        if str(filters.author).isdigit():
            credited = credited.filter(author_id=int(filters.author))
        else:
            credited = credited.filter(author__slug=filters.author)
        books = books.filter(Exists(credited))
    if filters.language:
        books = books.filter(language=filters.language)
    if filters.price_min is not None:
        books = books.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        books = books.filter(price__lte=filters.price_max)
    sort = filters.sort if filters.sort in SORTS else DEFAULT_SORT
    return books.for_listing().sorted_by(sort)


def book_get(*, user: Any, book_id: Any) -> Book:
    """One visible book with its publisher, authors and genres; ``Http404`` if absent or not visible."""
    return get_object_or_404(Book.objects.visible_to(user).for_listing(), pk=book_id)


def author_list() -> QuerySet[Author]:
    return Author.objects.order_by("name", "id")


def author_get(slug: str) -> Author:
    return get_object_or_404(Author, slug=slug)


def genre_list() -> QuerySet[Genre]:
    return Genre.objects.order_by("name", "id")


def genre_get(slug: str) -> Genre:
    return get_object_or_404(Genre, slug=slug)
