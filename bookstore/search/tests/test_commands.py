"""``manage.py search_reindex``: rebuilds vectors that bulk loads left empty; refuses a nonsense batch size."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import BookFactory


class SearchReindexCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Factories write rows directly, like a bulk import: the vectors stay empty until a reindex.
        cls.books = BookFactory.create_batch(3)

    def test_reindex_fills_every_vector_and_reports_the_count(self):
        self.assertEqual(Book.objects.filter(search_vector__isnull=True).count(), 3)
        out = StringIO()

        call_command("search_reindex", "--batch-size", "2", stdout=out)

        self.assertIn("Indexed 3 books.", out.getvalue())
        self.assertFalse(Book.objects.filter(search_vector__isnull=True).exists())

    def test_a_batch_size_below_one_exits_non_zero_and_indexes_nothing(self):
        err = StringIO()

        with self.assertRaises(SystemExit) as exit_:
            call_command("search_reindex", "--batch-size", "0", stderr=err)

        self.assertEqual(exit_.exception.code, 2)
        self.assertIn("--batch-size must be at least 1", err.getvalue())
        self.assertEqual(Book.objects.filter(search_vector__isnull=True).count(), 3)
