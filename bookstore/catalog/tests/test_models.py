import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import SimpleTestCase, TestCase

from bookstore.catalog.ids import uuid7
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory, isbn13_for
from bookstore.catalog.validators import isbn13_check_digit, normalize_isbn13, validate_isbn13


class Isbn13Tests(SimpleTestCase):
    def test_a_real_isbn_passes(self):
        validate_isbn13("9780306406157")

    def test_a_wrong_check_digit_is_refused_with_its_own_message(self):
        with self.assertRaisesMessage(ValidationError, "wrong check digit"):
            validate_isbn13("9780306406158")

    def test_wrong_length_or_prefix_is_refused(self):
        for value in ("978030640615", "97803064061570", "1230306406157", "978030640615X", ""):
            with self.subTest(value=value), self.assertRaisesMessage(ValidationError, "13 digits"):
                validate_isbn13(value)

    def test_check_digit_and_normalisation(self):
        self.assertEqual(isbn13_check_digit("978030640615"), 7)
        self.assertEqual(normalize_isbn13("978-0-306-40615-7 "), "9780306406157")


class Uuid7Tests(SimpleTestCase):
    def test_version_variant_and_time_order(self):
        first, second = uuid7(unix_ms=1_000), uuid7(unix_ms=2_000)
        self.assertEqual(first.version, 7)
        self.assertEqual(first.variant, uuid.RFC_4122)
        self.assertLess(first, second)

    def test_deterministic_with_given_parts(self):
        self.assertEqual(uuid7(unix_ms=5, random_bits=9), uuid7(unix_ms=5, random_bits=9))


class BookConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory(isbn13="9780306406157")

    def assert_refused(self, **values):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Book.objects.filter(pk=self.book.pk).update(**values)

    def test_isbn13_is_unique(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            BookFactory(isbn13="9780306406157")

    def test_price_currency_language_and_isbn_format_are_checked_by_the_database(self):
        self.assert_refused(price=Decimal("-0.01"))
        self.assert_refused(currency="eur")
        self.assert_refused(language="E1")
        self.assert_refused(isbn13="1234567890123")

    def test_counters_must_agree_with_the_histogram(self):
        self.assert_refused(rating_count=1)
        self.assert_refused(rating_count=1, rating_1=1, rating_sum=2)
        self.assert_refused(rating_average=Decimal("5.01"))
        Book.objects.filter(pk=self.book.pk).update(rating_count=2, rating_1=1, rating_5=1, rating_sum=6)

    def test_full_clean_reports_a_bad_isbn_and_currency(self):
        book = Book(
            title="X",
            slug="x",
            isbn13="9780306406158",
            price=1,
            currency="euro",
            publication_date=dt.date(2020, 1, 1),
        )
        with self.assertRaises(ValidationError) as caught:
            book.full_clean()
        self.assertEqual(set(caught.exception.message_dict), {"isbn13", "currency"})


class BookPropertyTests(TestCase):
    def test_average_and_histogram_come_from_the_counters(self):
        book = Book(rating_count=4, rating_sum=15, rating_5=2, rating_4=1, rating_3=1)

        self.assertEqual(book.average_rating, Decimal("3.8"))
        self.assertEqual(
            book.rating_histogram,
            [
                {"stars": 5, "count": 2, "percent": 50},
                {"stars": 4, "count": 1, "percent": 25},
                {"stars": 3, "count": 1, "percent": 25},
                {"stars": 2, "count": 0, "percent": 0},
                {"stars": 1, "count": 0, "percent": 0},
            ],
        )

    def test_no_reviews_means_no_average(self):
        self.assertIsNone(Book().average_rating)

    def test_listed_authors_fall_back_to_a_query_in_credit_order(self):
        second, first = AuthorFactory(name="Zed"), AuthorFactory(name="Ann")
        book = BookFactory(authors=[second, first], genres=[GenreFactory(name="B"), GenreFactory(name="A")])
        loaded = Book.objects.get(pk=book.pk)

        self.assertEqual([author.name for author in loaded.listed_authors], ["Zed", "Ann"])
        self.assertEqual([genre.name for genre in loaded.listed_genres], ["A", "B"])

    def test_isbn_factory_makes_valid_numbers(self):
        for number in (0, 1, 99_999):
            validate_isbn13(isbn13_for(number))
