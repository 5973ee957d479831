"""Search vectors and the spelling vocabulary, kept current by the catalog's write services."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from bookstore.accounts.tests.factories import StaffFactory
from bookstore.catalog.models import Book
from bookstore.catalog.services import author_update, book_create, book_delete, book_update
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory
from bookstore.search.models import SearchTerm
from bookstore.search.selectors import book_search
from bookstore.search.services import search_index_all, search_index_books, search_vocabulary_prune


def vector_of(book):
    return Book.objects.values_list("search_vector", flat=True).get(pk=book.pk)


def vocabulary():
    return set(SearchTerm.objects.values_list("term", flat=True))


class IndexingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = AuthorFactory(name="Ursula Le Guin", slug="le-guin")
        cls.book = BookFactory(
            title="The Dispossessed",
            subtitle="An Ambiguous Utopia",
            description="Shevek, a physicist, travels between worlds.",
            authors=[cls.author, AuthorFactory(name="Anarres Press", slug="anarres")],
        )

    def test_vector_weighs_title_authors_and_description(self):
        self.assertIsNone(vector_of(self.book))

        self.assertEqual(search_index_books(book_ids=[self.book.pk]), 1)

        self.assertEqual(
            vector_of(self.book),
            "'ambigu':4A 'anarr':9B 'dispossess':2A 'guin':8B 'le':7B 'physicist':13C "
            "'press':10B 'shevek':11C 'travel':14C 'ursula':6B 'utopia':5A 'world':16C",
        )

    def test_vocabulary_gets_title_and_author_words_only(self):
        search_index_books(book_ids=[self.book.pk, self.book.pk])
        self.assertEqual(
            vocabulary(),
            {"the", "dispossessed", "ambiguous", "utopia", "ursula", "guin", "anarres", "press"},
        )

    def test_indexing_is_idempotent_and_ignores_deleted_ids(self):
        search_index_books(book_ids=[self.book.pk])
        first = vector_of(self.book)
        self.assertEqual(
            search_index_books(book_ids=[self.book.pk, "0190a3c5-0000-7000-8000-000000000000"]), 1
        )
        self.assertEqual(vector_of(self.book), first)
        self.assertEqual(search_index_books(book_ids=[]), 0)

    def test_index_all_walks_every_book_in_batches(self):
        others = [BookFactory(title=f"Volume {n}") for n in range(4)]
        progress: list[int] = []
        self.assertEqual(search_index_all(batch_size=2, progress=progress.append), 5)
        self.assertEqual(progress, [2, 4, 5])
        self.assertFalse(Book.objects.filter(search_vector__isnull=True).exists())
        self.assertIn("volume", vocabulary())
        self.assertEqual(len(others), 4)

    def test_prune_removes_words_nobody_uses(self):
        search_index_books(book_ids=[self.book.pk])
        SearchTerm.objects.create(term="forgotten")
        self.assertEqual(search_vocabulary_prune(), 1)
        self.assertNotIn("forgotten", vocabulary())
        self.assertIn("utopia", vocabulary())


class KeptCurrentByWriteServicesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = StaffFactory()
        cls.author = AuthorFactory(name="Iain Banks", slug="iain-banks")

    def create(self, **fields):
        defaults = {"isbn13": "9780306406157", "price": "10.00", "publication_date": "2001-01-01"}
        with self.captureOnCommitCallbacks(execute=True):
            return book_create(actor=self.staff, authors=[self.author], **{**defaults, **fields})

    def found(self, query):
        return [book.title for book in book_search(user=AnonymousUser(), query=query)]

    def test_a_created_book_is_searchable_at_once(self):
        self.create(title="Consider Phlebas")
        self.assertEqual(self.found("phlebas"), ["Consider Phlebas"])
        self.assertEqual(self.found("banks"), ["Consider Phlebas"])
        self.assertIn("phlebas", vocabulary())

    def test_an_updated_title_replaces_the_old_words(self):
        book = self.create(title="Consider Phlebas")
        with self.captureOnCommitCallbacks(execute=True):
            book_update(actor=self.staff, book=book, title="Use of Weapons")
        self.assertEqual(self.found("weapons"), ["Use of Weapons"])
        self.assertEqual(self.found("phlebas"), [])

    def test_renaming_an_author_reindexes_their_books(self):
        self.create(title="Excession")
        with self.captureOnCommitCallbacks(execute=True):
            author_update(actor=self.staff, author=self.author, name="Iain M. Banks Menzies")
        self.assertEqual(self.found("menzies"), ["Excession"])
        self.assertIn("menzies", vocabulary())

    def test_a_deleted_book_is_gone_and_nothing_breaks(self):
        book = self.create(title="Excession")
        with self.captureOnCommitCallbacks(execute=True):
            book_delete(actor=self.staff, book=book)
        self.assertEqual(self.found("excession"), [])
