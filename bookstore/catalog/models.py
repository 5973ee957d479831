"""Catalog models: authors, publishers, genres and books.

A book carries denormalised rating counters (count, sum, a five-bucket histogram and the average used for
sorting) that only the review services change, in the same transaction as the review, under a row lock. The
database checks that the counters agree with each other, so a bug cannot leave a histogram that does not add up.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.conf.locale import LANG_INFO
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from bookstore.catalog.covers.models import BookCoverFields
from bookstore.catalog.ids import uuid7
from bookstore.catalog.querysets import BookQuerySet
from bookstore.catalog.validators import validate_currency, validate_isbn13, validate_language

RATINGS = (1, 2, 3, 4, 5)
_URL_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def language_name(code: str) -> str:
    return str(LANG_INFO.get(code, {}).get("name", code))


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    bio = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "id")
        indexes = [models.Index(fields=["name", "id"], name="catalog_author_name_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:author-detail", args=[self.slug])


class Publisher(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class Genre(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:genre-detail", args=[self.slug])


class Book(BookCoverFields):  # cover fields: see bookstore/catalog/covers/models.py
    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    title = models.CharField(max_length=300)
    subtitle = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=320, help_text="Only decorates the URL; the id identifies the book.")
    isbn13 = models.CharField(
        "ISBN-13",
        max_length=13,
        unique=True,
        validators=[validate_isbn13],
        help_text="13 digits, no hyphens.",
    )
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal(0))])
    currency = models.CharField(max_length=3, default="EUR", validators=[validate_currency])
    publication_date = models.DateField()
    language = models.CharField(
        max_length=2, default="en", validators=[validate_language], help_text="ISO 639-1 code."
    )
    page_count = models.PositiveIntegerField(null=True, blank=True)
    publisher = models.ForeignKey(
        Publisher, null=True, blank=True, on_delete=models.SET_NULL, related_name="books"
    )
    authors = models.ManyToManyField(Author, through="BookAuthor", related_name="books")
    genres = models.ManyToManyField(Genre, related_name="books", blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    # The stored rating columns the review services keep (admin, tests and the services read this one list).
    RATING_FIELDS = (
        "rating_count",
        "rating_sum",
        "rating_average",
        "rating_1",
        "rating_2",
        "rating_3",
        "rating_4",
        "rating_5",
    )

    # Denormalised by the review services (never edited by hand).
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_sum = models.PositiveIntegerField(default=0, editable=False)
    rating_1 = models.PositiveIntegerField(default=0, editable=False)
    rating_2 = models.PositiveIntegerField(default=0, editable=False)
    rating_3 = models.PositiveIntegerField(default=0, editable=False)
    rating_4 = models.PositiveIntegerField(default=0, editable=False)
    rating_5 = models.PositiveIntegerField(default=0, editable=False)
    # rating_sum / rating_count rounded to 2 places, stored so "best rated" sorts on a plain index.
    rating_average = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal(0), editable=False)

    # Filled and owned by the search app (weighted title > authors > description).
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = BookQuerySet.as_manager()

    class Meta:
        ordering = ("title", "id")
        permissions = [("special_status", "Can see titles before their publication date")]
        indexes = [
            models.Index(fields=["title", "id"], name="catalog_book_title_idx"),
            models.Index(fields=["-publication_date", "-id"], name="catalog_book_newest_idx"),
            models.Index(
                fields=["-rating_average", "-rating_count", "id"], name="catalog_book_best_rated_idx"
            ),
            models.Index(fields=["language", "title"], name="catalog_book_language_idx"),
            models.Index(fields=["price"], name="catalog_book_price_idx"),
            GinIndex(fields=["search_vector"], name="catalog_book_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="catalog_book_price_not_negative"),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="catalog_book_currency_iso"
            ),
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{2}$"), name="catalog_book_language_iso"
            ),
            models.CheckConstraint(
                condition=Q(isbn13__regex=r"^97[89][0-9]{10}$"), name="catalog_book_isbn13_format"
            ),
            models.CheckConstraint(
                condition=Q(
                    rating_count=F("rating_1") + F("rating_2") + F("rating_3") + F("rating_4") + F("rating_5")
                ),
                name="catalog_book_rating_count_matches_histogram",
            ),
            models.CheckConstraint(
                condition=Q(
                    rating_sum=F("rating_1")
                    + 2 * F("rating_2")
                    + 3 * F("rating_3")
                    + 4 * F("rating_4")
                    + 5 * F("rating_5")
                ),
                name="catalog_book_rating_sum_matches_histogram",
            ),
            models.CheckConstraint(
                condition=Q(rating_average__gte=0, rating_average__lte=5),
                name="catalog_book_rating_average_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:book-detail", kwargs={"pk": self.pk, "slug": self.url_slug})

    @property
    def url_slug(self) -> str:
        """The slug as the URL shows it; a row loaded in bulk with a malformed slug still gets a working link."""
        return self.slug if _URL_SLUG.fullmatch(self.slug or "") else "book"

    @property
    def average_rating(self) -> Decimal | None:
        """The mean rating to one decimal place, or None before the first review."""
        if not self.rating_count:
            return None
        return (Decimal(self.rating_sum) / Decimal(self.rating_count)).quantize(Decimal("0.1"))

    @property
    def rating_histogram(self) -> list[dict[str, Any]]:
        """Five rows, 5 stars first: stars, count and share of all ratings in percent (0 to 100)."""
        rows = []
        for stars in reversed(RATINGS):
            count = getattr(self, f"rating_{stars}")
            percent = round(100 * count / self.rating_count) if self.rating_count else 0
            rows.append({"stars": stars, "count": count, "percent": percent})
        return rows

    @property
    def is_published(self) -> bool:
        return self.publication_date <= timezone.localdate()

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def listed_authors(self) -> list[Author]:
        """Authors in credit order: from ``for_listing()``'s annotation when present, else one query."""
        rows = getattr(self, "author_rows", None)
        if rows is None:
            return [credit.author for credit in self.credits.select_related("author").order_by("position")]
        return [Author(id=row["id"], name=row["name"], slug=row["slug"]) for row in rows]

    @property
    def listed_genres(self) -> list[Genre]:
        rows = getattr(self, "genre_rows", None)
        if rows is None:
            return list(self.genres.order_by("name", "id"))
        return [Genre(id=row["id"], name=row["name"], slug=row["slug"]) for row in rows]


class BookAuthor(models.Model):
    """An author's credit on a book; ``position`` orders the byline (0 first)."""

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="credits")
    # An author with books cannot vanish silently: remove their credits first.
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="credits")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("book", "position")
        constraints = [
            models.UniqueConstraint(fields=["book", "author"], name="catalog_bookauthor_unique"),
        ]
        indexes = [models.Index(fields=["author", "book"], name="catalog_bookauthor_author_idx")]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.book_id} (#{self.position})"
