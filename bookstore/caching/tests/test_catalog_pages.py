"""The real catalog pages with the page cache on: warm, change through the service, fetch again."""

import re
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse

from bookstore.accounts.tests.factories import UserFactory
from bookstore.caching import generations
from bookstore.caching.tests.helpers import LOCMEM_CACHES
from bookstore.catalog.services import book_delete, book_update, genre_update
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory
from bookstore.privacy.services import account_erase
from bookstore.reviews.services import review_create
from bookstore.search.services import search_index_books
from bookstore.search.tests.helpers import indexed_book


@override_settings(CACHES=LOCMEM_CACHES, CATALOG_PAGE_CACHE=True, CATALOG_VALUE_CACHE=True)
class CatalogPageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = UserFactory(is_staff=True)
        cls.reader = UserFactory(display_name="Ged")
        cls.author = AuthorFactory(name="Ursula", slug="ursula")
        cls.genre = GenreFactory(name="Fantasy", slug="fantasy")
        cls.book = BookFactory(title="Earthsea", authors=[cls.author], genres=[cls.genre])

    def urls(self):
        return {
            "home": reverse("pages:home"),
            "list": reverse("catalog:book-list"),
            "detail": self.book.get_absolute_url(),
            "author": reverse("catalog:author-detail", args=["ursula"]),
            "genre": reverse("catalog:genre-detail", args=["fantasy"]),
            "authors": reverse("catalog:author-list"),
            "genres": reverse("catalog:genre-list"),
        }

    def warm(self, *names):
        urls = self.urls()
        for name in names:
            self.assertEqual(self.client.get(urls[name]).status_code, 200)

    def test_a_warm_anonymous_page_costs_no_query(self):
        for name, url in self.urls().items():
            with self.subTest(page=name):
                self.client.get(url)
                with self.assertNumQueries(0):
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("ETag", response)

    def test_a_book_change_shows_on_every_page_that_lists_it(self):
        self.warm("list", "detail", "author", "genre")
        with self.captureOnCommitCallbacks(execute=True):
            book_update(actor=self.staff, book=self.book, title="A Wizard of Earthsea")
        urls = self.urls()
        for name in ("list", "author", "genre"):
            with self.subTest(page=name):
                self.assertContains(self.client.get(urls[name]), "A Wizard of Earthsea")
        # The new title brings a new slug: the cached URL now redirects to it instead of showing the old page.
        self.assertRedirects(
            self.client.get(urls["detail"]), self.book_now().get_absolute_url(), status_code=301
        )
        self.assertContains(self.client.get(self.book_now().get_absolute_url()), "A Wizard of Earthsea")

    def book_now(self):
        self.book.refresh_from_db()
        return self.book

    def test_a_review_shows_on_the_book_page_and_in_the_list(self):
        self.warm("list", "detail")
        with self.captureOnCommitCallbacks(execute=True):
            review_create(user=self.reader, book=self.book, rating=5, title="A classic", text="Yes.")
        detail = self.client.get(self.urls()["detail"])
        self.assertContains(detail, "A classic")
        self.assertContains(detail, "1 review")
        self.assertContains(self.client.get(self.urls()["list"]), "(1 review)")

    def test_a_genre_rename_shows_on_the_book_page(self):
        self.warm("detail", "genres")
        with self.captureOnCommitCallbacks(execute=True):
            genre_update(actor=self.staff, genre=self.genre, name="High Fantasy")
        self.assertContains(self.client.get(self.urls()["detail"]), "High Fantasy")
        self.assertContains(self.client.get(self.urls()["genres"]), "High Fantasy")

    def test_a_deleted_book_leaves_the_list_and_its_page(self):
        self.warm("list", "detail")
        detail = self.urls()["detail"]
        with self.captureOnCommitCallbacks(execute=True):
            book_delete(actor=self.staff, book=self.book)
        self.assertNotContains(self.client.get(self.urls()["list"]), "Earthsea")
        self.assertEqual(self.client.get(detail).status_code, 404)

    def test_an_erased_reader_name_leaves_cached_book_pages(self):
        with self.captureOnCommitCallbacks(execute=True):
            review_create(user=self.reader, book=self.book, rating=4, title="Good", text="")
        self.assertContains(self.client.get(self.urls()["detail"]), "Ged")
        with self.captureOnCommitCallbacks(execute=True):
            account_erase(user=self.reader)
        self.assertNotContains(self.client.get(self.urls()["detail"]), "Ged")

    def test_signed_in_readers_get_their_own_private_page(self):
        self.warm("detail")
        self.client.force_login(self.reader)
        response = self.client.get(self.urls()["detail"])
        self.assertContains(response, "Publish review")  # the form only a signed-in reader gets
        self.assertIn("private", response["Cache-Control"])
        self.client.logout()
        anonymous = self.client.get(self.urls()["detail"])
        self.assertNotContains(anonymous, "Publish review")
        self.assertNotContains(anonymous, "csrfmiddlewaretoken")

    def test_the_nonce_of_a_replayed_page_matches_its_header(self):
        self.warm("detail")
        response = self.client.get(self.urls()["detail"])
        body = re.search(r'nonce="([^"]+)"', response.text).group(1)
        self.assertIn(f"'nonce-{body}'", response["Content-Security-Policy"])

    def test_a_conditional_get_is_answered_304_until_the_book_changes(self):
        etag = self.client.get(self.urls()["detail"])["ETag"]
        with self.assertNumQueries(0):
            response = self.client.get(self.urls()["detail"], headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 304)
        with self.captureOnCommitCallbacks(execute=True):
            book_update(actor=self.staff, book=self.book, price="9.99")
        self.assertEqual(
            self.client.get(self.urls()["detail"], headers={"if-none-match": etag}).status_code, 200
        )


@override_settings(CACHES=LOCMEM_CACHES, CATALOG_VALUE_CACHE=True)
class ListValueCacheTests(TestCase):
    """Signed-in readers get fresh pages, but the count and the genre menu are shared until a change."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = UserFactory(is_staff=True)
        cls.reader = UserFactory()
        cls.genre = GenreFactory(name="Crime", slug="crime")
        BookFactory(title="First", genres=[cls.genre])

    def test_count_and_menu_are_cached_and_refreshed_by_changes(self):
        self.client.force_login(self.reader)
        url = reverse("catalog:book-list")
        first = self.client.get(url)
        self.assertContains(first, "1 book")
        # session, user, the page of books: no COUNT and no genre query any more
        with self.assertNumQueries(3):
            self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            genre_update(actor=self.staff, genre=self.genre, name="Noir")
        self.assertContains(self.client.get(url), "Noir")


@override_settings(CACHES=LOCMEM_CACHES, CATALOG_PAGE_CACHE=True, CATALOG_VALUE_CACHE=True)
class SearchPageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = UserFactory(is_staff=True)
        cls.book = indexed_book(title="Earthsea Chronicle", authors=[AuthorFactory(name="Ursula")])

    def search(self, words):
        return self.client.get(reverse("search:results"), {"q": words})

    def test_a_cached_search_follows_a_rename_once_the_index_has_it(self):
        self.assertContains(self.search("earthsea"), "Earthsea")
        with self.assertNumQueries(0):
            self.search("earthsea")
        with self.captureOnCommitCallbacks(execute=True):
            book_update(actor=self.staff, book=self.book, title="Tehanu")
        self.assertNotContains(self.search("earthsea"), "Earthsea Chronicle")
        self.assertContains(self.search("tehanu"), "Tehanu")

    def test_re_indexing_alone_moves_cached_searches(self):
        # With a broker the index is refreshed by a task after the catalog change was announced; a search
        # cached in between must not survive the re-index.
        before = generations.read([generations.SEARCH])
        with self.captureOnCommitCallbacks(execute=True):
            search_index_books(book_ids=[self.book.pk])
        self.assertGreater(generations.read([generations.SEARCH])["search"], before["search"])


class DeepPageTests(TestCase):
    """Deep pages are fetched ids first; they must hold exactly the rows the plain slice would."""

    @classmethod
    def setUpTestData(cls):
        cls.genre = GenreFactory(slug="crime")
        for number in range(45):
            BookFactory(title=f"Title {number:02d}", genres=[cls.genre], authors=[AuthorFactory()])

    def titles(self, url):
        return [book.title for book in self.client.get(url).context["books"]]

    def test_ids_first_pages_match_the_plain_slice(self):
        for url in ("/books/?page=2", "/books/?page=3&sort=newest", "/genres/crime/?page=2"):
            with self.subTest(url=url):
                plain = self.titles(url)
                with mock.patch("bookstore.caching.catalog.DEEP_PAGE_OFFSET", 1):
                    two_step = self.titles(url)
                self.assertEqual(two_step, plain)
                self.assertTrue(plain)
        with mock.patch("bookstore.caching.catalog.DEEP_PAGE_OFFSET", 1):
            self.assertEqual(
                self.titles("/books/?page=3"), ["Title 40", "Title 41", "Title 42", "Title 43", "Title 44"]
            )
