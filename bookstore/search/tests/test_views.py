"""The search page, anonymous and signed in: results, typos, visibility, filters, errors and query counts."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.tests.factories import AuthorFactory, GenreFactory
from bookstore.search.tests.helpers import indexed_book

URL = reverse("search:results")


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.fantasy = GenreFactory(name="Fantasy", slug="fantasy")
        cls.tolkien = AuthorFactory(name="J. R. R. Tolkien", slug="tolkien")
        cls.hobbit = indexed_book(
            title="The Hobbit",
            description="Bilbo meets a dragon. <script>alert('x')</script> The dragon sleeps on gold.",
            authors=[cls.tolkien],
            genres=[cls.fantasy],
            price=Decimal("9.99"),
        )
        cls.silmarillion = indexed_book(
            title="The Silmarillion", description="Elves and a dragon.", authors=[cls.tolkien], language="de"
        )
        cls.upcoming = indexed_book(
            title="Dragon Letters",
            authors=[cls.tolkien],
            publication_date=timezone.localdate() + dt.timedelta(days=10),
        )

    def test_no_query_shows_the_form(self):
        for url in (URL, f"{URL}?q=", f"{URL}?q=+++", f"{URL}?sort=newest"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'name="q"')
                self.assertContains(response, "Search the catalogue")
                self.assertNotContains(response, "found")

    def test_results_are_ranked_highlighted_and_escaped(self):
        response = self.client.get(URL, {"q": "hobbit"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "1 book found")
        self.assertContains(
            response, f'<a href="{self.hobbit.get_absolute_url()}">The <mark>Hobbit</mark></a>', html=True
        )

        response = self.client.get(URL, {"q": "dragon"})
        self.assertEqual(
            [book.title for book in response.context["books"]], ["The Hobbit", "The Silmarillion"]
        )
        self.assertContains(response, "<mark>dragon</mark>")
        # The headline parser drops tags; whatever text remains is escaped, and only <mark> is added.
        self.assertNotContains(response, "<script>")
        self.assertContains(response, "alert(&#x27;x&#x27;)")

    def test_a_misspelt_author_still_finds_the_books(self):
        response = self.client.get(URL, {"q": "tolkein"})
        self.assertEqual(len(response.context["books"]), 2)
        self.assertContains(response, "The Silmarillion")

    def test_nothing_found_says_so(self):
        response = self.client.get(URL, {"q": "zyzzyva"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No books match “zyzzyva”")

    def test_future_titles_only_with_special_status(self):
        def found():
            return [book.title for book in self.client.get(URL, {"q": "letters"}).context["books"]]

        self.assertEqual(found(), [])
        reader = UserFactory()
        self.client.force_login(reader)
        self.assertEqual(found(), [])
        reader.user_permissions.add(Permission.objects.get(codename="special_status"))
        self.assertEqual(found(), ["Dragon Letters"])
        self.assertContains(self.client.get(URL, {"q": "letters"}), "Out ")

    def test_filters_and_sorts_apply(self):
        def titles(**params):
            return [book.title for book in self.client.get(URL, {"q": "tolkien", **params}).context["books"]]

        self.assertEqual(titles(genre="fantasy"), ["The Hobbit"])
        self.assertEqual(titles(language="de"), ["The Silmarillion"])
        self.assertEqual(titles(price_max="10"), ["The Hobbit"])
        self.assertEqual(titles(sort="title"), ["The Hobbit", "The Silmarillion"])

    def test_bad_input_is_a_400_with_a_message(self):
        for params, message in (
            ({"q": "dragon", "price_min": "cheap"}, "Enter a number."),
            ({"q": "dragon", "price_min": "20", "price_max": "10"}, "The lowest price must not be above"),
            ({"q": "dragon", "sort": "popularity"}, "Select a valid choice."),
            ({"q": "x" * 201}, "Ensure this value has at most 200 characters"),
        ):
            with self.subTest(params=params):
                response = self.client.get(URL, params)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)

    def test_pagination_keeps_the_query_and_refuses_bad_pages(self):
        for n in range(22):
            indexed_book(title=f"Dragon Almanac {n}", authors=[self.tolkien])
        response = self.client.get(URL, {"q": "almanac"})
        self.assertEqual(len(response.context["books"]), 20)
        self.assertContains(response, 'href="?q=almanac&amp;page=2"')
        self.assertEqual(len(self.client.get(URL, {"q": "almanac", "page": 2}).context["books"]), 2)
        self.assertEqual(self.client.get(URL, {"q": "almanac", "page": 3}).status_code, 404)
        self.assertEqual(self.client.get(URL, {"q": "almanac", "page": "x"}).status_code, 404)

    @override_settings(SEARCH_MAX_RESULTS=3)
    def test_very_common_words_say_how_the_results_are_bounded(self):
        for n in range(5):
            indexed_book(title=f"Dragon Almanac {n}", authors=[self.tolkien])
        response = self.client.get(URL, {"q": "almanac"})
        self.assertEqual(len(response.context["books"]), 3)
        self.assertContains(response, "More than 3 books match")

    def test_hostile_queries_never_500(self):
        for query in ("'\"&|!():*<->", "-", '"', "\\", "or", "dragon' OR 1=1 --", "\u0000", "\ue000x\ue001"):
            with self.subTest(query=query):
                self.assertIn(self.client.get(URL, {"q": query}).status_code, (200, 400))

    def test_the_navigation_links_to_search(self):
        self.assertContains(self.client.get(reverse("catalog:book-list")), f'href="{URL}"')


class SearchQueryCountTests(TestCase):
    """The page runs the same number of queries with 3 or 30 matching books."""

    @classmethod
    def setUpTestData(cls):
        cls.genre = GenreFactory(slug="crime")
        cls.author = AuthorFactory(name="Agatha Writer", slug="writer")
        cls.reader = UserFactory()

    def grow(self, books):
        for _ in range(books):
            indexed_book(
                title="Murder Most Foul",
                authors=[self.author, AuthorFactory()],
                genres=[self.genre, GenreFactory()],
            )

    def test_query_count_does_not_grow_with_the_results(self):
        # genres for the form, spelling alternatives, the page with its total (+ session and user signed in)
        for url in (f"{URL}?q=murder+writer", f"{URL}?q=murdr&genre=crime&sort=newest&price_max=100"):
            for size, books in enumerate((3, 27)):
                self.grow(books)
                with self.subTest(url=url, size=size, who="anonymous"):
                    self.client.logout()
                    with self.assertNumQueries(3):
                        response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertGreaterEqual(len(response.context["books"]), 3)
                with self.subTest(url=url, size=size, who="reader"):
                    self.client.force_login(self.reader)
                    with self.assertNumQueries(5):
                        self.assertEqual(self.client.get(url).status_code, 200)
