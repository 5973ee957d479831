"""Catalog factories: valid ISBN-13s, unique slugs, authors and genres attached in order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils.text import slugify

from bookstore.catalog.models import Author, Book, BookAuthor, Genre, Publisher
from bookstore.catalog.validators import isbn13_check_digit


def isbn13_for(number: int) -> str:
    first_twelve = f"978{number:09d}"
    return first_twelve + str(isbn13_check_digit(first_twelve))


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Author {n:04d}")
    slug = factory.Sequence(lambda n: f"author-{n:04d}")
    bio = "Writes books."


class PublisherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publisher
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Publisher {n}")
    slug = factory.Sequence(lambda n: f"publisher-{n}")


class GenreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Genre
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Genre {n:03d}")
    slug = factory.Sequence(lambda n: f"genre-{n:03d}")


class BookFactory(factory.django.DjangoModelFactory):
    """A published book. ``authors=[...]`` (credit order) and ``genres=[...]`` attach existing rows;
    without ``authors`` one new author is credited."""

    class Meta:
        model = Book
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Book {n:05d}")
    slug = factory.LazyAttribute(lambda book: slugify(book.title))
    isbn13 = factory.Sequence(isbn13_for)
    description = "A book."
    price = Decimal("12.50")
    currency = "EUR"
    publication_date = dt.date(2020, 1, 1)
    language = "en"
    page_count = 320
    publisher = factory.SubFactory(PublisherFactory)

    @factory.post_generation
    def authors(self, create: bool, extracted: list[Author] | None, **kwargs: object) -> None:
        if not create:
            return
        authors = extracted if extracted is not None else [AuthorFactory()]
        BookAuthor.objects.bulk_create(
            BookAuthor(book=self, author=author, position=position) for position, author in enumerate(authors)
        )

    @factory.post_generation
    def genres(self, create: bool, extracted: list[Genre] | None, **kwargs: object) -> None:
        if create and extracted:
            self.genres.set(extracted)
