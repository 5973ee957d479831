from io import StringIO

from django.core.management import CommandError, call_command
from django.db.models import Count, Q
from django.test import TestCase

from bookstore.accounts.models import User
from bookstore.catalog.covers.models import CoverStatus
from bookstore.catalog.models import Author, Book, BookAuthor, Genre
from bookstore.catalog.seeding import SEED_READER_DOMAIN
from bookstore.catalog.signals import catalog_changed
from bookstore.catalog.tests.factories import BookFactory
from bookstore.catalog.tests.media import TempMediaMixin
from bookstore.catalog.validators import validate_isbn13
from bookstore.reviews.models import Review
from bookstore.reviews.services import book_ratings_recount

COUNTERS = Book.RATING_FIELDS


def seed(*args, **options):
    out = StringIO()
    call_command("seed_catalog", *args, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def snapshot():
    return {
        "books": list(
            Book.objects.order_by("pk").values_list(
                "pk", "title", "isbn13", "price", "publication_date", *COUNTERS
            )
        ),
        "credits": list(
            BookAuthor.objects.order_by("book_id", "position").values_list(
                "book_id", "author__slug", "position"
            )
        ),
        "reviews": list(
            Review.objects.order_by("book_id", "user__email").values_list(
                "book_id", "user__email", "rating", "title"
            )
        ),
    }


class SeedCatalogTests(TempMediaMixin, TestCase):
    def test_seeds_the_requested_amounts_with_valid_consistent_data(self):
        output = seed(books=60, reviews=400, seed=3)

        self.assertIn("Seeded 60 books, 400 reviews", output)
        self.assertEqual(Book.objects.count(), 60)
        self.assertEqual(Review.objects.count(), 400)
        self.assertFalse(Book.objects.annotate(n=Count("credits")).filter(n=0).exists())
        self.assertTrue(Genre.objects.exists())
        for book in Book.objects.all()[:20]:
            validate_isbn13(book.isbn13)
            book.full_clean()
        readers = User.objects.filter(email__endswith=f"@{SEED_READER_DOMAIN}")
        self.assertFalse(any(reader.has_usable_password() for reader in readers))
        self.assertFalse(Review.objects.filter(~Q(user__email__endswith=f"@{SEED_READER_DOMAIN}")).exists())

    def test_counters_agree_with_the_reviews(self):
        seed(books=40, reviews=300, seed=5)
        written = list(Book.objects.order_by("pk").values_list(*COUNTERS))

        book_ratings_recount()

        self.assertEqual(list(Book.objects.order_by("pk").values_list(*COUNTERS)), written)
        self.assertEqual(sum(row[0] for row in written), 300)

    def test_the_indexes_and_foreign_keys_are_back_after_the_load(self):
        from django.db import connection

        with connection.cursor() as cursor:
            before = self.schema(cursor)
            seed(books=10, reviews=20, seed=1)
            self.assertEqual(self.schema(cursor), before)

    @staticmethod
    def schema(cursor):
        cursor.execute(
            """
            SELECT pg_get_indexdef(indexrelid) FROM pg_index
            WHERE indrelid IN ('catalog_book'::regclass, 'reviews_review'::regclass, 'catalog_bookauthor'::regclass)
            UNION ALL
            SELECT pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid IN ('catalog_book'::regclass, 'reviews_review'::regclass, 'catalog_bookauthor'::regclass)
            ORDER BY 1
            """
        )
        return cursor.fetchall()

    def test_the_first_books_get_generated_covers_through_the_upload_service(self):
        with self.captureOnCommitCallbacks(execute=True):
            output = seed(books=5, reviews=0, seed=4, covers=2)

        self.assertIn("and 2 covers", output)
        with_cover = list(Book.objects.exclude(cover="").order_by("pk"))
        self.assertEqual(with_cover, list(Book.objects.order_by("pk")[:2]))
        for book in with_cover:
            # Re-encoded by the upload path and thumbnailed by the task, like a staff upload.
            self.assertEqual(book.cover_status, CoverStatus.READY)
            self.assertTrue(book.cover_small.name.endswith(".webp"))
        self.assertEqual(len(self.stored_files()), 6)  # two covers, each with two thumbnails

    def test_the_same_seed_gives_the_same_catalog(self):
        seed(books=30, reviews=150, seed=11)
        first = snapshot()
        seed("--flush", books=30, reviews=150, seed=11)
        self.assertEqual(snapshot(), first)
        seed("--flush", books=30, reviews=150, seed=12)
        self.assertNotEqual(snapshot()["books"], first["books"])

    def test_announces_the_whole_catalog_once(self):
        seen = []
        receiver = lambda sender, **kwargs: seen.append((sender, len(kwargs["book_ids"])))  # noqa: E731
        catalog_changed.connect(receiver)
        self.addCleanup(catalog_changed.disconnect, receiver)
        with self.captureOnCommitCallbacks(execute=True):
            seed(books=12, reviews=0, seed=2, covers=0)  # each cover announces its own book
        self.assertEqual(seen, [(Book, 0)])  # no ids: everything changed

    def test_refuses_a_catalog_that_is_not_empty_unless_asked(self):
        BookFactory()
        with self.assertRaisesMessage(CommandError, "already has 1 books"):
            seed(books=5, reviews=5)
        self.assertIn("nothing seeded", seed("--if-empty", books=5, reviews=5))
        self.assertEqual(Book.objects.count(), 1)

        seed("--flush", books=5, reviews=5)
        self.assertEqual(Book.objects.count(), 5)
        self.assertFalse(Author.objects.filter(slug__startswith="author-").exists())

    def test_bad_arguments_fail_with_one_line(self):
        for args in (["--books", "-1"], ["--books", "x"]):
            with self.subTest(args=args), self.assertRaises(CommandError):
                seed(*args)
        with self.assertRaisesMessage(CommandError, "needs at least one book"):
            seed(books=0, reviews=10)
        with self.assertRaisesMessage(CommandError, "need more than 1 readers"):
            seed(books=2, reviews=10, readers=1)
        self.assertFalse(Book.objects.exists())
