import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import TestCase
from django.utils import timezone

from bookstore.catalog.selectors import BookFilters, author_get, book_get, book_list, genre_get, genre_list
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory


class BookListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ann = AuthorFactory(name="Ann", slug="ann")
        cls.bob = AuthorFactory(name="Bob", slug="bob")
        cls.poetry = GenreFactory(name="Poetry", slug="poetry")
        cls.crime = GenreFactory(name="Crime", slug="crime")
        cls.cheap = BookFactory(
            title="Cheap", price=Decimal("5.00"), authors=[cls.ann], genres=[cls.poetry, cls.crime]
        )
        cls.dear = BookFactory(
            title="Dear", price=Decimal("50.00"), language="fr", authors=[cls.bob], genres=[cls.crime]
        )
        cls.both = BookFactory(title="Both", price=Decimal("20.00"), authors=[cls.ann, cls.bob])
        cls.future = BookFactory(
            title="Future", authors=[cls.ann], publication_date=timezone.localdate() + dt.timedelta(days=1)
        )

    def titles(self, **filters):
        return [book.title for book in book_list(user=AnonymousUser(), filters=filters)]

    def test_no_filter_lists_visible_books_by_title(self):
        self.assertEqual(self.titles(), ["Both", "Cheap", "Dear"])

    def test_genre_filter_lists_each_book_once(self):
        self.assertEqual(self.titles(genre="crime"), ["Cheap", "Dear"])
        self.assertEqual(self.titles(genre="poetry"), ["Cheap"])

    def test_author_filter_by_slug_or_id(self):
        self.assertEqual(self.titles(author="ann"), ["Both", "Cheap"])
        self.assertEqual(self.titles(author=str(self.bob.pk)), ["Both", "Dear"])

    def test_language_and_price_range(self):
        self.assertEqual(self.titles(language="fr"), ["Dear"])
        self.assertEqual(
            self.titles(price_min=Decimal("5.00"), price_max=Decimal("20.00")), ["Both", "Cheap"]
        )
        self.assertEqual(self.titles(price_min=Decimal("21")), ["Dear"])

    def test_filters_as_a_dataclass_and_sort(self):
        books = book_list(user=None, filters=BookFilters(sort="newest", author="ann"))
        self.assertEqual(len(books), 2)

    def test_book_get_hides_future_titles(self):
        self.assertEqual(book_get(user=None, book_id=self.cheap.pk), self.cheap)
        with self.assertRaises(Http404):
            book_get(user=None, book_id=self.future.pk)

    def test_author_and_genre_lookups(self):
        self.assertEqual(author_get("ann"), self.ann)
        self.assertEqual(genre_get("crime"), self.crime)
        self.assertEqual(list(genre_list()), [self.crime, self.poetry])
        with self.assertRaises(Http404):
            author_get("nobody")
