import datetime as dt
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.test import TestCase

from bookstore.accounts.tests.factories import StaffFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.catalog.models import Author, Book, BookAuthor, Genre
from bookstore.catalog.services import (
    author_create,
    author_delete,
    author_update,
    book_create,
    book_delete,
    book_update,
    genre_create,
    genre_delete,
    genre_update,
)
from bookstore.catalog.signals import catalog_changed
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory, PublisherFactory


class SignalCatcher:
    def __init__(self):
        self.calls = []

    def __call__(self, sender, **kwargs):
        self.calls.append((sender, kwargs))


class CatalogServiceTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = StaffFactory()
        cls.ann = AuthorFactory(name="Ann")
        cls.bob = AuthorFactory(name="Bob")
        cls.fiction = GenreFactory(name="Fiction")

    def setUp(self):
        self.signals = SignalCatcher()
        catalog_changed.connect(self.signals)
        self.addCleanup(catalog_changed.disconnect, self.signals)


class BookServiceTests(CatalogServiceTestCase):
    def create(self, **overrides):
        values = {
            "title": "  The Book ",
            "isbn13": "978-0-306-40615-7",
            "price": Decimal("9.99"),
            "publication_date": dt.date(2024, 5, 1),
            "publisher": PublisherFactory(),
        }
        with self.captureOnCommitCallbacks(execute=True):
            return book_create(
                actor=self.staff, authors=[self.bob, self.ann], genres=[self.fiction], **(values | overrides)
            )

    def test_create_saves_credits_in_order_audits_and_signals_after_commit(self):
        book = self.create()

        self.assertEqual(book.title, "The Book")
        self.assertEqual(book.slug, "the-book")
        self.assertEqual(book.isbn13, "9780306406157")
        self.assertEqual(
            list(BookAuthor.objects.filter(book=book).values_list("author__name", "position")),
            [("Bob", 0), ("Ann", 1)],
        )
        self.assertEqual(list(book.genres.all()), [self.fiction])
        entry = AuditLog.objects.get(action=AuditAction.BOOK_CREATED)
        self.assertEqual(entry.target_id, str(book.pk))
        self.assertEqual(entry.changes["isbn13"], [None, "9780306406157"])
        self.assertEqual(entry.changes["authors"][1], sorted([str(self.ann.pk), str(self.bob.pk)]))
        self.assertEqual(
            self.signals.calls,
            [(Book, {"book_ids": [book.pk], "author_ids": [], "genre_ids": [], "signal": catalog_changed})],
        )

    def test_bad_data_is_refused_and_nothing_is_written(self):
        with self.assertRaises(ValidationError) as caught:
            self.create(isbn13="9780306406158", price=Decimal("-1"))

        self.assertEqual(set(caught.exception.message_dict), {"isbn13", "price"})
        self.assertFalse(Book.objects.exists())
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.BOOK_CREATED).exists())
        self.assertEqual(self.signals.calls, [])

    def test_a_duplicate_isbn_is_a_validation_error(self):
        self.create()
        with self.assertRaises(ValidationError):
            self.create(title="Other")
        self.assertEqual(Book.objects.count(), 1)

    def test_an_author_listed_twice_rolls_everything_back(self):
        with self.assertRaises(ValidationError):
            book_create(
                actor=self.staff, authors=[self.ann, self.ann], title="T", isbn13="9780306406157", price=1,
                publication_date=dt.date(2020, 1, 1),
            )  # fmt: skip
        self.assertFalse(Book.objects.exists())

    def test_unknown_fields_are_a_programming_error(self):
        with self.assertRaises(TypeError):
            book_create(actor=self.staff, rating_count=5)

    def test_update_writes_only_changes_and_audits_the_diff(self):
        book = self.create()
        with self.captureOnCommitCallbacks(execute=True):
            book_update(
                actor=self.staff, book=book, title="New Title", price=Decimal("9.99"), authors=[self.ann]
            )

        book.refresh_from_db()
        self.assertEqual((book.title, book.slug), ("New Title", "new-title"))
        self.assertEqual([a.name for a in book.listed_authors], ["Ann"])
        entry = AuditLog.objects.get(action=AuditAction.BOOK_UPDATED)
        self.assertEqual(
            entry.changes,
            {
                "title": ["The Book", "New Title"],
                "slug": ["the-book", "new-title"],
                "authors": [sorted([str(self.ann.pk), str(self.bob.pk)]), [str(self.ann.pk)]],
            },
        )
        self.assertEqual(len(self.signals.calls), 2)

    def test_an_update_that_changes_nothing_records_nothing(self):
        book = self.create()
        book_update(actor=self.staff, book=book, title="The Book")
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.BOOK_UPDATED).exists())

    def test_an_invalid_update_leaves_the_book_as_it_was(self):
        book = self.create()
        with self.assertRaises(ValidationError):
            book_update(actor=self.staff, book=book, title="Changed", currency="euros")
        book.refresh_from_db()
        self.assertEqual((book.title, book.currency), ("The Book", "EUR"))

    def test_delete_audits_with_a_reference_and_signals(self):
        book = self.create()
        book_id = book.pk
        with self.captureOnCommitCallbacks(execute=True):
            book_delete(actor=self.staff, book=book)

        self.assertFalse(Book.objects.filter(pk=book_id).exists())
        entry = AuditLog.objects.get(action=AuditAction.BOOK_DELETED)
        self.assertEqual(
            (entry.target_type, entry.target_id, entry.target_label),
            ("catalog.book", str(book_id), "The Book"),
        )
        self.assertEqual(self.signals.calls[-1][1]["book_ids"], [book_id])

    def test_a_receiver_failure_does_not_break_the_write(self):
        broken = mock.Mock(side_effect=RuntimeError("cache down"))
        catalog_changed.connect(broken)
        self.addCleanup(catalog_changed.disconnect, broken)
        # on_commit(robust=True) logs the failure (captureOnCommitCallbacks logs it under django.test).
        with self.assertLogs("django.test", "ERROR"):
            book = self.create()
        self.assertTrue(Book.objects.filter(pk=book.pk).exists())


class AuthorGenreServiceTests(CatalogServiceTestCase):
    def test_author_create_makes_a_unique_slug(self):
        AuthorFactory(name="Jane Doe", slug="jane-doe")
        with self.captureOnCommitCallbacks(execute=True):
            author = author_create(actor=self.staff, name="Jane Doe")

        self.assertEqual(author.slug, "jane-doe-2")
        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.AUTHOR_CREATED, target_id=str(author.pk)).exists()
        )
        self.assertEqual(self.signals.calls[0][1]["author_ids"], [author.pk])

    def test_author_update_signals_the_books_of_the_author(self):
        book = BookFactory(authors=[self.ann])
        with self.captureOnCommitCallbacks(execute=True):
            author_update(actor=self.staff, author=self.ann, bio="New bio")

        self.assertEqual(self.signals.calls[0][1]["book_ids"], [book.pk])
        entry = AuditLog.objects.get(action=AuditAction.AUTHOR_UPDATED)
        self.assertEqual(entry.changes, {"bio": ["Writes books.", "New bio"]})

    def test_a_credited_author_cannot_be_deleted(self):
        BookFactory(authors=[self.ann])
        with self.assertRaisesMessage(ValidationError, "credited on 1 book"):
            author_delete(actor=self.staff, author=self.ann)
        self.assertTrue(Author.objects.filter(pk=self.ann.pk).exists())
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.AUTHOR_DELETED).exists())

    def test_an_uncredited_author_is_deleted_and_audited(self):
        author_delete(actor=self.staff, author=self.bob)
        self.assertFalse(Author.objects.filter(pk=self.bob.pk).exists())
        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.AUTHOR_DELETED, target_id=str(self.bob.pk)).exists()
        )

    def test_genre_lifecycle(self):
        with self.captureOnCommitCallbacks(execute=True):
            genre = genre_create(actor=self.staff, name="Science Fiction")
        book = BookFactory(genres=[genre])
        self.assertEqual(genre.slug, "science-fiction")
        with self.captureOnCommitCallbacks(execute=True):
            genre_update(actor=self.staff, genre=genre, name="SF")
            genre_delete(actor=self.staff, genre=genre)

        self.assertFalse(Genre.objects.filter(pk=genre.pk).exists())
        self.assertTrue(Book.objects.filter(pk=book.pk).exists())
        self.assertEqual([call[1]["book_ids"] for call in self.signals.calls], [[], [book.pk], [book.pk]])
        self.assertEqual(
            list(
                AuditLog.objects.filter(target_type="catalog.genre")
                .order_by("id")
                .values_list("action", flat=True)
            ),
            [AuditAction.GENRE_CREATED, AuditAction.GENRE_UPDATED, AuditAction.GENRE_DELETED],
        )

    def test_a_duplicate_genre_slug_is_refused(self):
        with self.assertRaises(ValidationError):
            genre_create(actor=self.staff, name="Fiction", slug=self.fiction.slug)
