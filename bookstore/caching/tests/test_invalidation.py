"""Warm the cache, change the data through the service, fetch again: the change shows at once."""

from django.core.cache import cache
from django.test import TestCase, override_settings

from bookstore.accounts.tests.factories import UserFactory
from bookstore.caching import generations
from bookstore.caching.tests import urls as test_urls
from bookstore.caching.tests.helpers import LOCMEM_CACHES
from bookstore.catalog.services import author_update, book_update
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory
from bookstore.reviews.services import review_create


@override_settings(ROOT_URLCONF="bookstore.caching.tests.urls", CACHES=LOCMEM_CACHES, CATALOG_PAGE_CACHE=True)
class ServiceInvalidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = UserFactory(is_staff=True)
        cls.reader = UserFactory()
        cls.author = AuthorFactory(name="Ursula")
        cls.book = BookFactory(title="Earthsea", authors=[cls.author])
        cls.other = BookFactory(title="Lathe", authors=[AuthorFactory(name="Other")])

    def setUp(self):
        cache.clear()
        test_urls.renders.clear()

    def warm(self, url):
        self.client.get(url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_book_update_shows_on_its_page_and_the_list(self):
        detail = f"/db-books/{self.book.pk}/"
        other_detail = f"/db-books/{self.other.pk}/"
        self.assertContains(self.warm(detail), "Earthsea")
        self.warm("/db-books/")
        self.warm(other_detail)
        renders = dict(test_urls.renders)
        with self.captureOnCommitCallbacks(execute=True):
            book_update(actor=self.staff, book=self.book, title="A Wizard of Earthsea")
        self.assertContains(self.client.get(detail), "A Wizard of Earthsea")
        self.assertContains(self.client.get("/db-books/"), "A Wizard of Earthsea")
        # The other book's page is still served from the cache.
        self.client.get(other_detail)
        self.assertEqual(test_urls.renders["db-detail"], renders["db-detail"] + 1)

    def test_a_new_review_shows_in_the_counts(self):
        detail = f"/db-books/{self.book.pk}/"
        self.assertContains(self.warm(detail), "Earthsea (0)")
        self.assertContains(self.warm("/db-books/"), "Earthsea (0)")
        with self.captureOnCommitCallbacks(execute=True):
            review_create(user=self.reader, book=self.book, rating=5, title="Yes")
        self.assertContains(self.client.get(detail), "Earthsea (1)")
        self.assertContains(self.client.get("/db-books/"), "Earthsea (1)")

    def test_author_rename_shows_on_every_book_page(self):
        detail = f"/db-books/{self.book.pk}/"
        self.assertContains(self.warm(detail), "by Ursula")
        with self.captureOnCommitCallbacks(execute=True):
            author_update(actor=self.staff, author=self.author, name="Ursula K. Le Guin")
        self.assertContains(self.client.get(detail), "by Ursula K. Le Guin")
        self.assertContains(self.client.get("/db-books/"), "by Ursula K. Le Guin")

    def test_a_rolled_back_change_moves_nothing(self):
        before = generations.read([generations.CATALOG])
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            book_update(actor=self.staff, book=self.book, title="Never committed")
        self.assertEqual(len(callbacks), 1)  # the signal waits for a commit that a rollback never brings
        self.assertEqual(generations.read([generations.CATALOG]), before)
