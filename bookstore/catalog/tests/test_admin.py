from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import SuperuserFactory
from bookstore.catalog.models import Book
from bookstore.catalog.signals import catalog_changed
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory


class BookAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = SuperuserFactory()
        cls.author = AuthorFactory(name="Ursula Le Guin", slug="le-guin")
        cls.genre = GenreFactory(name="Fantasy", slug="fantasy")
        cls.book = BookFactory(title="A Wizard of Earthsea", authors=[cls.author], genres=[cls.genre])
        BookFactory(title="Unrelated")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_changelist_searches_by_author_and_shows_ratings_in_a_fixed_number_of_queries(self):
        url = reverse("admin:catalog_book_changelist")
        response = self.client.get(url, {"q": "Le Guin"})

        self.assertContains(response, "A Wizard of Earthsea")
        self.assertNotContains(response, "Unrelated")
        for _ in range(5):
            BookFactory()
        with self.assertNumQueries(6) as first:
            self.client.get(url)
        for _ in range(10):
            BookFactory()
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(url)

    def test_rating_counters_are_read_only_in_the_form(self):
        response = self.client.get(reverse("admin:catalog_book_change", args=[self.book.pk]))

        self.assertContains(response, "A Wizard of Earthsea")
        self.assertNotIn("rating_count", response.context["adminform"].form.fields)
        self.assertIn("rating_count", response.context["adminform"].readonly_fields)

    def test_autocomplete_finds_authors_and_genres(self):
        for model, term, expected in (("author", "guin", "Ursula Le Guin"), ("genre", "fant", "Fantasy")):
            response = self.client.get(
                reverse("admin:autocomplete"),
                {
                    "term": term,
                    "app_label": "catalog",
                    "model_name": "book",
                    "field_name": "genres" if model == "genre" else "publisher",
                }
                if model == "genre"
                else {
                    "term": term,
                    "app_label": "catalog",
                    "model_name": "bookauthor",
                    "field_name": "author",
                },
            )
            self.assertContains(response, expected)

    def test_an_admin_save_announces_the_change(self):
        seen = []
        receiver = lambda sender, **kwargs: seen.append(kwargs["book_ids"])  # noqa: E731
        catalog_changed.connect(receiver)
        self.addCleanup(catalog_changed.disconnect, receiver)
        url = reverse("admin:catalog_book_delete", args=[self.book.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"post": "yes"})

        self.assertEqual(response.status_code, 302)
        self.assertFalse(Book.objects.filter(pk=self.book.pk).exists())
        self.assertEqual(seen, [[self.book.pk]])
