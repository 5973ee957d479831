import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory
from bookstore.reviews.tests.factories import ReviewFactory


def future_date():
    return timezone.localdate() + dt.timedelta(days=30)


class BookListPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ann = AuthorFactory(name="Ann Author", slug="ann")
        cls.poetry = GenreFactory(name="Poetry", slug="poetry")
        cls.cheap = BookFactory(
            title="Cheap Poems", price=Decimal("4.00"), authors=[cls.ann], genres=[cls.poetry]
        )
        cls.dear = BookFactory(title="Dear Novel", price=Decimal("40.00"), language="fr")
        cls.future = BookFactory(title="Secret Sequel", publication_date=future_date(), authors=[cls.ann])
        cls.reader = UserFactory()
        cls.insider = UserFactory()
        cls.insider.user_permissions.add(Permission.objects.get(codename="special_status"))

    def get(self, **params):
        return self.client.get(reverse("catalog:book-list"), params)

    def test_anonymous_visitors_see_published_books_with_authors_and_genres(self):
        response = self.get()

        self.assertContains(response, "Cheap Poems")
        self.assertContains(response, "Dear Novel")
        self.assertContains(response, 'href="/authors/ann/"')
        self.assertContains(response, 'href="/genres/poetry/"')
        self.assertNotContains(response, "Secret Sequel")
        self.assertContains(response, "2 books")

    def test_a_signed_in_reader_without_special_status_does_not_see_future_titles(self):
        self.client.force_login(self.reader)
        self.assertNotContains(self.get(), "Secret Sequel")

    def test_special_status_shows_future_titles_marked_as_upcoming(self):
        self.client.force_login(self.insider)
        response = self.get()
        self.assertContains(response, "Secret Sequel")
        self.assertContains(response, "3 books")

    def test_filters_genre_author_language_and_price_range(self):
        self.assertEqual([b.title for b in self.get(genre="poetry").context["books"]], ["Cheap Poems"])
        self.assertEqual([b.title for b in self.get(author="ann").context["books"]], ["Cheap Poems"])
        self.assertEqual([b.title for b in self.get(language="fr").context["books"]], ["Dear Novel"])
        self.assertEqual(
            [b.title for b in self.get(price_min="5", price_max="50").context["books"]], ["Dear Novel"]
        )

    def test_sorts(self):
        BookFactory(title="Aardvark", publication_date=dt.date(1999, 1, 1))
        BookFactory(title="Zebra", publication_date=dt.date(2025, 1, 1))
        self.assertEqual(self.get(sort="title").context["books"][0].title, "Aardvark")
        self.assertEqual(self.get(sort="newest").context["books"][0].title, "Zebra")
        self.assertEqual(self.get(sort="newest").context["books"][3].title, "Aardvark")

    def test_bad_filter_values_are_a_400_with_a_clear_message(self):
        for params in (
            {"price_min": "cheap"},
            {"price_min": "30", "price_max": "10"},
            {"sort": "evil"},
            {"genre": "nope"},
        ):
            with self.subTest(params=params):
                response = self.get(**params)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Please correct the filters", status_code=400)
        self.assertContains(
            self.get(price_min="30", price_max="10"), "must not be above the highest price", status_code=400
        )

    def test_pages_past_the_end_are_404_not_500(self):
        self.assertEqual(self.get(page="99").status_code, 404)
        self.assertEqual(self.get(page="x").status_code, 404)

    def test_pagination_links_keep_the_filters(self):
        for number in range(25):
            BookFactory(title=f"Filler {number:02d}", language="de")
        response = self.get(language="de")
        self.assertContains(response, "?language=de&amp;page=2")
        self.assertEqual(len(self.get(language="de", page="2").context["books"]), 5)


class QueryCountTests(TestCase):
    """Pages run the same number of queries with 3 or 30 books (and their authors, genres, reviews)."""

    @classmethod
    def setUpTestData(cls):
        cls.genre = GenreFactory(slug="crime")
        cls.author = AuthorFactory(slug="writer")
        cls.book = BookFactory(authors=[cls.author, AuthorFactory()], genres=[cls.genre])
        cls.reader = UserFactory()

    def grow(self, books, reviews):
        for _ in range(books):
            BookFactory(authors=[self.author, AuthorFactory()], genres=[self.genre, GenreFactory()])
        for _ in range(reviews):
            ReviewFactory(book=self.book)

    def assert_fixed(self, url, anonymous, signed_in):
        for size, (books, reviews) in enumerate(((2, 3), (27, 12))):
            self.grow(books, reviews)
            with self.subTest(size=size, who="anonymous"):
                self.client.logout()
                with self.assertNumQueries(anonymous):
                    self.assertEqual(self.client.get(url).status_code, 200)
            with self.subTest(size=size, who="reader"):
                self.client.force_login(self.reader)
                with self.assertNumQueries(signed_in):
                    self.assertEqual(self.client.get(url).status_code, 200)

    def test_book_list(self):
        # genres for the filter, COUNT, the page of books (+ session and user when signed in)
        self.assert_fixed(reverse("catalog:book-list"), anonymous=3, signed_in=5)

    def test_book_list_filtered_and_sorted(self):
        url = reverse("catalog:book-list") + "?genre=crime&author=writer&sort=rating&price_max=100"
        self.assert_fixed(url, anonymous=3, signed_in=5)

    def test_book_detail(self):
        # the book, a page of reviews (+ session, user and the reader's own review)
        self.assert_fixed(self.book.get_absolute_url(), anonymous=2, signed_in=5)

    def test_author_and_genre_pages(self):
        self.assert_fixed(reverse("catalog:author-detail", args=["writer"]), anonymous=3, signed_in=5)
        self.assert_fixed(reverse("catalog:genre-detail", args=["crime"]), anonymous=3, signed_in=5)


class BookDetailPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory(title="Dune", slug="dune", description="Spice.")
        cls.reader = UserFactory(display_name="Paul")
        cls.reviews = [
            ReviewFactory(
                book=cls.book, rating=rating, title=f"Take {n}", user=UserFactory(display_name=f"R{n}")
            )
            for n, rating in enumerate((5, 5, 4, 1, 5, 3, 5, 4, 2, 5, 5))
        ]

    def test_shows_average_histogram_and_first_page_of_reviews(self):
        response = self.client.get(self.book.get_absolute_url())

        self.assertContains(response, "★ 4.0")
        self.assertContains(response, "11 reviews")
        self.assertEqual(response.context["summary"].histogram[0], {"stars": 5, "count": 6, "percent": 55})
        self.assertContains(response, '<meter min="0" max="100" value="55">', html=False)
        self.assertEqual(len(response.context["reviews"]), 10)
        self.assertContains(response, "Take 10")  # newest first
        self.assertNotContains(response, "Take 0<")
        second = self.client.get(self.book.get_absolute_url(), {"page": 2})
        self.assertEqual([r.title for r in second.context["reviews"]], ["Take 0"])
        self.assertEqual(self.client.get(self.book.get_absolute_url(), {"page": 3}).status_code, 404)

    def test_anonymous_visitors_are_invited_to_sign_in(self):
        response = self.client.get(self.book.get_absolute_url())
        self.assertContains(response, "Sign in to write a review")
        self.assertIsNone(response.context["review_form"])

    def test_a_reader_gets_the_form_then_their_own_review_links(self):
        self.client.force_login(self.reader)
        self.assertIsNotNone(self.client.get(self.book.get_absolute_url()).context["review_form"])
        review = ReviewFactory(book=self.book, user=self.reader)
        response = self.client.get(self.book.get_absolute_url())
        self.assertIsNone(response.context["review_form"])
        self.assertContains(
            response, reverse("reviews:update", kwargs={"book_id": self.book.pk, "pk": review.pk})
        )

    def test_short_and_wrong_slug_urls_redirect_permanently(self):
        short = self.client.get(reverse("catalog:book-redirect", args=[self.book.pk]))
        wrong = self.client.get(
            reverse("catalog:book-detail", kwargs={"pk": self.book.pk, "slug": "old-title"})
        )

        self.assertRedirects(short, f"/books/{self.book.pk}/dune/", status_code=301)
        self.assertRedirects(wrong, f"/books/{self.book.pk}/dune/", status_code=301)

    def test_future_titles_are_404_without_special_status(self):
        future = BookFactory(publication_date=future_date())
        self.assertEqual(self.client.get(future.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(reverse("catalog:book-redirect", args=[future.pk])).status_code, 404)
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(future.get_absolute_url()).status_code, 404)
        self.reader.user_permissions.add(Permission.objects.get(codename="special_status"))
        self.assertContains(self.client.get(future.get_absolute_url()), "Early access")

    def test_a_malformed_stored_slug_still_links_and_does_not_loop(self):
        Book.objects.filter(pk=self.book.pk).update(slug="tom-&-jerry")
        book = Book.objects.get(pk=self.book.pk)

        self.assertEqual(book.get_absolute_url(), f"/books/{book.pk}/book/")
        self.assertEqual(self.client.get(book.get_absolute_url()).status_code, 200)

    def test_an_unknown_book_is_404(self):
        self.assertEqual(self.client.get("/books/00000000-0000-7000-8000-000000000000/x/").status_code, 404)


class AuthorGenrePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = AuthorFactory(name="Le Guin", slug="le-guin", bio="Wrote Earthsea.")
        cls.genre = GenreFactory(name="Fantasy", slug="fantasy")
        BookFactory(title="Earthsea", authors=[cls.author], genres=[cls.genre])
        BookFactory(
            title="Upcoming", authors=[cls.author], genres=[cls.genre], publication_date=future_date()
        )

    def test_author_page_lists_their_visible_books(self):
        response = self.client.get(reverse("catalog:author-detail", args=["le-guin"]))
        self.assertContains(response, "Wrote Earthsea.")
        self.assertContains(response, "Earthsea")
        self.assertNotContains(response, "Upcoming")

    def test_genre_page_and_indexes(self):
        self.assertContains(self.client.get(reverse("catalog:genre-detail", args=["fantasy"])), "Earthsea")
        self.assertContains(self.client.get(reverse("catalog:genre-list")), "Fantasy")
        self.assertContains(self.client.get(reverse("catalog:author-list")), "Le Guin")

    def test_unknown_slugs_are_404(self):
        self.assertEqual(self.client.get(reverse("catalog:author-detail", args=["nobody"])).status_code, 404)
        self.assertEqual(self.client.get(reverse("catalog:genre-detail", args=["nothing"])).status_code, 404)

    def test_nav_links_to_the_catalog(self):
        response = self.client.get(reverse("pages:home"))
        self.assertContains(response, 'href="/books/"')
        self.assertNotContains(response, "Manage books")
