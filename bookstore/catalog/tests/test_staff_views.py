import datetime as dt

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.catalog.models import Author, Book
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory, PublisherFactory


def grant(user, *codenames):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="catalog", codename__in=codenames)
    )


class StaffAreaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()
        cls.editor = StaffFactory()
        grant(cls.editor, "change_book")
        cls.manager = StaffFactory()
        grant(cls.manager, "change_book", "add_book", "delete_book", "add_author")
        cls.ann = AuthorFactory(name="Ann Leckie", slug="ann-leckie")
        cls.bob = AuthorFactory(name="Bob", slug="bob")
        cls.genre = GenreFactory(name="SF", slug="sf")
        cls.publisher = PublisherFactory()
        cls.book = BookFactory(title="Ancillary Justice", authors=[cls.ann])
        cls.upcoming = BookFactory(
            title="Upcoming", publication_date=timezone.localdate() + dt.timedelta(days=9)
        )

    def form_data(self, **overrides):
        return {
            "title": "Provenance",
            "subtitle": "",
            "isbn13": "978-0-306-40615-7",
            "description": "A heist.",
            "price": "18.00",
            "currency": "eur",
            "publication_date": "2017-09-26",
            "language": "en",
            "page_count": "448",
            "publisher": str(self.publisher.pk),
            "genres": [str(self.genre.pk)],
            "authors_text": "Bob, Ann Leckie",
        } | overrides

    def test_readers_get_403_and_anonymous_visitors_the_sign_in_page(self):
        url = reverse("catalog_staff:book-list")
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(self.reader)
        for target in (
            url,
            reverse("catalog_staff:book-create"),
            reverse("catalog_staff:book-update", args=[self.book.pk]),
        ):
            self.assertEqual(self.client.get(target).status_code, 403)
        self.assertEqual(
            self.client.post(reverse("catalog_staff:book-delete", args=[self.book.pk])).status_code, 403
        )
        self.assertTrue(Book.objects.filter(pk=self.book.pk).exists())

    def test_change_book_opens_the_list_with_upcoming_titles_but_not_add_or_delete(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("catalog_staff:book-list"))
        self.assertContains(response, "Ancillary Justice")
        self.assertContains(response, "Upcoming")
        self.assertNotContains(response, "Add a book")
        self.assertEqual(self.client.get(reverse("catalog_staff:book-create")).status_code, 403)
        self.assertEqual(
            self.client.post(reverse("catalog_staff:book-delete", args=[self.book.pk])).status_code, 403
        )

    def test_staff_list_search(self):
        self.client.force_login(self.editor)
        response = self.client.get(reverse("catalog_staff:book-list"), {"q": "ancillary"})
        self.assertEqual([b.title for b in response.context["books"]], ["Ancillary Justice"])

    def test_the_search_term_is_url_encoded_in_page_links(self):
        for _ in range(51):
            BookFactory(title="Tom & Jerry")
        self.client.force_login(self.editor)
        response = self.client.get(reverse("catalog_staff:book-list"), {"q": "Tom & Jerry"})
        self.assertContains(response, "?q=Tom+%26+Jerry&amp;page=2")

    def test_adding_a_book_through_the_service(self):
        self.client.force_login(self.manager)

        response = self.client.post(reverse("catalog_staff:book-create"), self.form_data())

        self.assertEqual(response.context["form"].errors if response.status_code == 400 else {}, {})
        self.assertRedirects(response, reverse("catalog_staff:book-list"))
        book = Book.objects.get(title="Provenance")
        self.assertEqual((book.isbn13, book.currency, book.slug), ("9780306406157", "EUR", "provenance"))
        self.assertEqual([a.name for a in book.listed_authors], ["Bob", "Ann Leckie"])
        self.assertEqual(list(book.genres.all()), [self.genre])
        self.assertEqual(AuditLog.objects.get(action=AuditAction.BOOK_CREATED).actor, self.manager)

    def test_bad_input_is_a_400_with_field_errors_and_nothing_is_saved(self):
        self.client.force_login(self.manager)
        response = self.client.post(
            reverse("catalog_staff:book-create"),
            self.form_data(isbn13="9780306406158", authors_text="Nobody Known", price="-2", title="  "),
        )
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertEqual(set(form.errors), {"isbn13", "authors_text", "price", "title"})
        self.assertIn("wrong check digit", form.errors["isbn13"][0])
        self.assertIn("Unknown author(s): Nobody Known", form.errors["authors_text"][0])
        self.assertFalse(Book.objects.filter(isbn13="9780306406158").exists())

    def test_a_taken_isbn_is_refused(self):
        self.client.force_login(self.manager)
        response = self.client.post(
            reverse("catalog_staff:book-create"), self.form_data(isbn13=self.book.isbn13)
        )
        self.assertContains(response, "already has this ISBN-13", status_code=400)

    def test_editing_a_book(self):
        self.client.force_login(self.editor)
        url = reverse("catalog_staff:book-update", args=[self.book.pk])
        self.assertContains(self.client.get(url), 'value="Ann Leckie"')

        data = self.form_data(title="Ancillary Sword", isbn13=self.book.isbn13, authors_text="ann-leckie")
        response = self.client.post(url, data)

        self.assertRedirects(response, reverse("catalog_staff:book-list"))
        self.book.refresh_from_db()
        self.assertEqual((self.book.title, self.book.slug), ("Ancillary Sword", "ancillary-sword"))
        self.assertEqual(
            AuditLog.objects.get(action=AuditAction.BOOK_UPDATED).changes["title"],
            ["Ancillary Justice", "Ancillary Sword"],
        )

    def test_deleting_a_book(self):
        self.client.force_login(self.manager)
        url = reverse("catalog_staff:book-delete", args=[self.book.pk])
        self.assertContains(self.client.get(url), "Delete book")
        self.assertRedirects(self.client.post(url), reverse("catalog_staff:book-list"))
        self.assertFalse(Book.objects.filter(pk=self.book.pk).exists())

    def test_adding_an_author(self):
        self.client.force_login(self.manager)
        response = self.client.post(reverse("catalog_staff:author-create"), {"name": "Ann Leckie", "bio": ""})
        self.assertRedirects(response, reverse("catalog_staff:book-list"))
        self.assertEqual(Author.objects.get(name="Ann Leckie", bio="").slug, "ann-leckie-2")

    def test_the_nav_shows_the_staff_link_to_staff_only(self):
        self.client.force_login(self.reader)
        self.assertNotContains(self.client.get("/"), "Manage books")
        self.client.force_login(self.editor)
        self.assertContains(self.client.get("/"), "Manage books")
