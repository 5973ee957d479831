"""Review reads: a book's reviews (newest first) and its rating summary from the denormalised counters."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from bookstore.catalog.models import Book
from bookstore.reviews.models import Review


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: Decimal | None
    histogram: list[dict[str, Any]]  # 5 stars first: {"stars", "count", "percent"}


def review_list_for_book(*, book: Book) -> QuerySet[Review]:
    return Review.objects.filter(book=book).for_book_page()


def review_get_for_user(*, book: Book, user: Any) -> Review | None:
    """The reader's own review of ``book``, if any (None for anonymous visitors, without a query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Review.objects.filter(book=book, user=user).first()


def review_list_for_user(*, user: Any) -> QuerySet[Review]:
    return Review.objects.filter(user=user).select_related("book").order_by("-created", "-id")


def rating_summary(book: Book) -> RatingSummary:
    """No query: the counters live on the book row."""
    return RatingSummary(
        count=book.rating_count, average=book.average_rating, histogram=book.rating_histogram
    )


def review_get(*, user: Any, review_id: Any) -> Review:
    """One review, if its book is visible to ``user`` (``Http404`` otherwise), with its reviewer loaded."""
    return get_object_or_404(
        Review.objects.select_related("user").filter(book__in=Book.objects.visible_to(user)), pk=review_id
    )
