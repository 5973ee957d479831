"""Books, authors and genres through the API: visibility, filters, search, formats of absurd input, queries."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.catalog.services import book_update
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory
from bookstore.reviews.tests.factories import ReviewFactory
from bookstore.search.tests.helpers import indexed_book
from bookstore.tokens.services import api_token_create

FUTURE = dt.date(2999, 1, 1)


class BookListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tolkien = AuthorFactory(name="J. R. R. Tolkien", slug="tolkien")
        cls.fantasy = GenreFactory(name="Fantasy", slug="fantasy")
        cls.hobbit = indexed_book(
            title="The Hobbit",
            authors=[cls.tolkien],
            genres=[cls.fantasy],
            price=Decimal("9.99"),
            language="en",
            publication_date=dt.date(1937, 9, 21),
        )
        cls.french = BookFactory(title="Le Petit Prince", language="fr", price=Decimal("7.00"))
        cls.dear = BookFactory(title="Zen", price=Decimal("45.00"), publication_date=dt.date(2021, 1, 1))
        cls.future = BookFactory(title="Next Years Book", publication_date=FUTURE)
        ReviewFactory(book=cls.hobbit, rating=5)
        ReviewFactory(book=cls.hobbit, rating=4)
        cls.url = reverse("v1:book-list")

    def titles(self, response):
        self.assertEqual(response.status_code, 200, response.content)
        return [book["title"] for book in response.json()["results"]]

    def test_anonymous_readers_see_published_books_by_title(self):
        response = APIClient().get(self.url)

        self.assertEqual(self.titles(response), ["Le Petit Prince", "The Hobbit", "Zen"])
        self.assertEqual(response.json()["count"], 3)

    def test_a_book_in_the_list(self):
        book = next(b for b in APIClient().get(self.url).json()["results"] if b["title"] == "The Hobbit")

        self.assertEqual(book["id"], str(self.hobbit.pk))
        self.assertEqual(book["price"], "9.99")
        self.assertEqual(
            book["authors"], [{"id": self.tolkien.pk, "name": "J. R. R. Tolkien", "slug": "tolkien"}]
        )
        self.assertEqual(book["genres"], [{"id": self.fantasy.pk, "name": "Fantasy", "slug": "fantasy"}])
        self.assertEqual(book["rating"], {"count": 2, "average": "4.5"})
        self.assertEqual(book["url"], f"http://testserver{self.hobbit.get_absolute_url()}")
        self.assertNotIn("description", book)
        self.assertNotIn("search_vector", book)

    def test_staff_with_special_status_see_future_titles_plain_staff_do_not(self):
        staff = StaffFactory()
        client = APIClient()
        client.force_authenticate(staff)
        self.assertNotIn("Next Years Book", self.titles(client.get(self.url)))

        special = UserFactory()
        special.user_permissions.add(Permission.objects.get(codename="special_status"))
        client.force_authenticate(special)
        self.assertIn("Next Years Book", self.titles(client.get(self.url)))

    def test_an_answer_for_a_token_holder_is_private_and_varies_on_the_token(self):
        # With special_status the list holds unpublished titles: no shared cache may hand it to anyone else.
        special = UserFactory()
        special.user_permissions.add(Permission.objects.get(codename="special_status"))
        _token, key = api_token_create(user=special, name="early access")

        response = APIClient().get(self.url, headers={"authorization": f"Bearer {key}"})

        self.assertIn("Next Years Book", self.titles(response))
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("Authorization", response["Vary"])

    def test_filters(self):
        client = APIClient()
        cases = {
            "genre=fantasy": ["The Hobbit"],
            "author=tolkien": ["The Hobbit"],
            f"author={self.tolkien.pk}": ["The Hobbit"],
            "language=fr": ["Le Petit Prince"],
            "price_min=8&price_max=10": ["The Hobbit"],
            "price_min=40": ["Zen"],
            "genre=no-such-genre": [],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.titles(client.get(f"{self.url}?{query}")), expected)

    def test_sorts(self):
        client = APIClient()

        self.assertEqual(self.titles(client.get(self.url, {"sort": "newest"}))[0], "Zen")
        self.assertEqual(self.titles(client.get(self.url, {"sort": "rating"}))[0], "The Hobbit")

    def test_search_uses_the_sites_search_with_rank(self):
        response = APIClient().get(self.url, {"search": "hobit"})  # spelling corrected, like the site

        self.assertEqual(self.titles(response), ["The Hobbit"])
        self.assertGreater(response.json()["results"][0]["rank"], 0)
        self.assertEqual(self.titles(APIClient().get(self.url, {"search": "zzzzqqq"})), [])

    def test_search_never_finds_unpublished_titles(self):
        indexed_book(title="The Secret Hobbit Sequel", publication_date=FUTURE)

        self.assertEqual(self.titles(APIClient().get(self.url, {"search": "hobbit"})), ["The Hobbit"])

    def test_bad_filter_values_are_400s_naming_the_parameter(self):
        client = APIClient()
        cases = {
            "price_min": {"price_min": "cheap"},
            "price_max": {"price_max": "1e400"},
            "language": {"language": "klingon"},
            "sort": {"sort": "random"},
            "genre": {"genre": "not a slug!"},
            "search": {"search": "x" * 201},
        }
        cases["price_min "] = {"price_min": "20", "price_max": "10"}
        for field, params in cases.items():
            with self.subTest(field=field):
                response = client.get(self.url, params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["code"], "invalid")
                self.assertIn(field.strip(), response.json()["errors"])

    def test_page_numbers(self):
        client = APIClient()
        first = client.get(self.url, {"page_size": 2}).json()

        self.assertEqual([b["title"] for b in first["results"]], ["Le Petit Prince", "The Hobbit"])
        self.assertEqual(first["count"], 3)
        second = client.get(first["next"]).json()
        self.assertEqual([b["title"] for b in second["results"]], ["Zen"])
        self.assertIsNone(second["next"])
        for page in ["3", "0", "-1", "x", str(10**30)]:
            with self.subTest(page=page):
                response = client.get(self.url, {"page_size": 2, "page": page})
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["code"], "not_found")

    def test_page_sizes_out_of_range_are_400s(self):
        for size in [0, -1, 101, 10**30, "ten", "2.5"]:
            with self.subTest(size=size):
                response = APIClient().get(self.url, {"page_size": size})
                self.assertEqual(response.status_code, 400)
                self.assertIn("page_size", response.json()["errors"])

    def test_query_count_is_fixed_at_two_page_sizes(self):
        BookFactory.create_batch(12, authors=[self.tolkien], genres=[self.fantasy])
        client = APIClient()
        client.force_authenticate(UserFactory())
        for size in (2, 15):
            with self.subTest(size=size), self.assertNumQueries(2):  # count, page (permission check inside)
                response = client.get(self.url, {"page_size": size})
            self.assertEqual(len(response.json()["results"]), size)

    def test_anonymous_query_count_is_fixed_at_two_page_sizes(self):
        BookFactory.create_batch(12)
        for size in (2, 15):
            with self.subTest(size=size), self.assertNumQueries(2):
                response = APIClient().get(self.url, {"page_size": size})
            self.assertEqual(len(response.json()["results"]), size)

    def test_writes_are_not_offered(self):
        client = APIClient()
        client.force_authenticate(StaffFactory(is_superuser=True))

        response = client.post(self.url, {"title": "x"}, format="json")

        self.assertEqual(response.status_code, 405)


class BookDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory(title="Dune", description="Spice.")
        ReviewFactory(book=cls.book, rating=5)
        cls.future = BookFactory(publication_date=FUTURE)

    def test_a_book_with_description_and_histogram(self):
        response = APIClient().get(reverse("v1:book-detail", args=[self.book.pk]))

        body = response.json()
        self.assertEqual((body["title"], body["description"]), ("Dune", "Spice."))
        self.assertEqual(body["rating"]["count"], 1)
        self.assertEqual(body["rating"]["histogram"][0], {"stars": 5, "count": 1, "percent": 100})

    def test_an_unpublished_or_unknown_book_is_a_404(self):
        client = APIClient()
        client.force_authenticate(UserFactory())
        for path in [
            reverse("v1:book-detail", args=[self.future.pk]),
            reverse("v1:book-detail", args=["00000000-0000-0000-0000-000000000000"]),
            "/api/v1/books/not-a-uuid/",
        ]:
            with self.subTest(path=path):
                response = client.get(path)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["code"], "not_found")

    def test_formats(self):
        url = reverse("v1:book-detail", args=[self.book.pk])
        self.assertIn(b"<title>Dune</title>", APIClient().get(url, {"format": "xml"}).content)
        self.assertIn(b"title: Dune", APIClient().get(url, {"format": "yaml"}).content)


class AuthorGenreTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.authors = [AuthorFactory(name=f"Writer {index}", slug=f"writer-{index}") for index in range(5)]
        cls.genres = [GenreFactory(name=f"Kind {index}", slug=f"kind-{index}") for index in range(3)]

    def test_authors_with_limit_offset(self):
        response = APIClient().get(reverse("v1:author-list"), {"limit": 2, "offset": 3})

        body = response.json()
        self.assertEqual(body["count"], 5)
        self.assertEqual([a["slug"] for a in body["results"]], ["writer-3", "writer-4"])
        self.assertEqual(set(body["results"][0]), {"id", "name", "slug", "bio"})

    def test_one_author_and_one_genre(self):
        client = APIClient()
        self.assertEqual(
            client.get(reverse("v1:author-detail", args=["writer-2"])).json()["name"], "Writer 2"
        )
        self.assertEqual(client.get(reverse("v1:genre-detail", args=["kind-1"])).json()["name"], "Kind 1")
        self.assertEqual(client.get(reverse("v1:author-detail", args=["nobody"])).status_code, 404)
        self.assertEqual(client.get(reverse("v1:genre-detail", args=["nothing"])).status_code, 404)

    def test_genres_list(self):
        body = APIClient().get(reverse("v1:genre-list")).json()

        self.assertEqual([g["slug"] for g in body["results"]], ["kind-0", "kind-1", "kind-2"])

    def test_list_query_counts_are_fixed_at_two_sizes(self):
        for url in [reverse("v1:author-list"), reverse("v1:genre-list")]:
            for limit in (1, 3):
                with self.subTest(url=url, limit=limit), self.assertNumQueries(2):
                    response = APIClient().get(url, {"limit": limit})
                self.assertEqual(len(response.json()["results"]), limit)


class ConditionalGetTests(TestCase):
    """API lists answer 304 while nothing they show has changed, and 200 with new data right after a change."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = StaffFactory()
        cls.book = BookFactory(title="Dune", publication_date=dt.date(1965, 8, 1))
        cls.url = reverse("v1:book-list")

    def test_an_unchanged_list_is_a_304_without_a_query_and_a_change_ends_it(self):
        client = APIClient()
        first = client.get(self.url)
        self.assertEqual(first.status_code, 200)
        etag = first["ETag"]

        with self.assertNumQueries(0):
            again = client.get(self.url, headers={"if-none-match": etag})
        self.assertEqual(again.status_code, 304)

        with self.captureOnCommitCallbacks(execute=True):
            book_update(actor=self.staff, book=self.book, title="Dune Messiah")

        changed = client.get(self.url, headers={"if-none-match": etag})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)
        self.assertEqual([b["title"] for b in changed.json()["results"]], ["Dune Messiah"])

    def test_a_books_reviews_are_revalidated_against_that_book_only(self):
        other = BookFactory(publication_date=dt.date(2000, 1, 1))
        url = reverse("v1:book-reviews", kwargs={"pk": self.book.pk})
        client = APIClient()
        etag = client.get(url)["ETag"]

        with self.captureOnCommitCallbacks(execute=True):
            ReviewFactory(book=other, rating=3)  # another book's review

        self.assertEqual(client.get(url, headers={"if-none-match": etag}).status_code, 304)

        with self.captureOnCommitCallbacks(execute=True):
            ReviewFactory(book=self.book, rating=5, title="Spice")

        fresh = client.get(url, headers={"if-none-match": etag})
        self.assertEqual(fresh.status_code, 200)
        self.assertEqual([r["title"] for r in fresh.json()["results"]], ["Spice"])
