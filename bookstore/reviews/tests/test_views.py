import datetime as dt

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import BookFactory
from bookstore.reviews.models import Review
from bookstore.reviews.tests.factories import ReviewFactory


class ReviewPageTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory(title="Dune", slug="dune")
        cls.ada = UserFactory(display_name="Ada")
        cls.grace = UserFactory(display_name="Grace")

    def create_url(self, book=None):
        return reverse("reviews:create", kwargs={"book_id": (book or self.book).pk})

    def update_url(self, review):
        return reverse("reviews:update", kwargs={"book_id": review.book_id, "pk": review.pk})

    def delete_url(self, review):
        return reverse("reviews:delete", kwargs={"book_id": review.book_id, "pk": review.pk})


class ReviewCreatePageTests(ReviewPageTestCase):
    def test_anonymous_visitors_are_sent_to_sign_in(self):
        response = self.client.post(self.create_url(), {"rating": 5, "title": "Hi"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("next=", response["Location"])
        self.assertFalse(Review.objects.exists())

    def test_a_reader_publishes_a_review_and_the_book_counts_it(self):
        self.client.force_login(self.ada)
        self.assertContains(self.client.get(self.create_url()), "Your rating")

        response = self.client.post(
            self.create_url(), {"rating": "4", "title": "  Spice   must flow ", "text": "Yes."}
        )

        self.assertRedirects(response, self.book.get_absolute_url())
        review = Review.objects.get()
        self.assertEqual((review.user, review.rating, review.title), (self.ada, 4, "Spice must flow"))
        self.assertEqual(Book.objects.get(pk=self.book.pk).rating_count, 1)
        self.assertContains(self.client.get(self.book.get_absolute_url()), "Spice must flow")

    def test_bad_input_is_a_400_with_the_reason_and_nothing_is_saved(self):
        self.client.force_login(self.ada)
        for data, message in (
            ({"rating": "7", "title": "X"}, "Select a valid choice"),
            ({"rating": "3", "title": "   "}, "This field is required"),
            ({"title": "No stars"}, "This field is required"),
        ):
            with self.subTest(data=data):
                response = self.client.post(self.create_url(), data)
                self.assertContains(response, message, status_code=400)
        self.assertFalse(Review.objects.exists())

    def test_a_second_review_redirects_to_editing_the_first(self):
        review = ReviewFactory(book=self.book, user=self.ada, rating=2)
        self.client.force_login(self.ada)

        response = self.client.post(self.create_url(), {"rating": "5", "title": "Again"})

        self.assertRedirects(response, self.update_url(review))
        self.assertEqual(Review.objects.get().rating, 2)

    def test_a_future_title_cannot_be_reviewed(self):
        future = BookFactory(publication_date=timezone.localdate() + dt.timedelta(days=2))
        self.client.force_login(self.ada)
        self.assertEqual(
            self.client.post(self.create_url(future), {"rating": "5", "title": "Early"}).status_code, 404
        )
        self.assertFalse(Review.objects.exists())


class ReviewOwnershipTests(ReviewPageTestCase):
    def setUp(self):
        self.review = ReviewFactory(book=self.book, user=self.ada, rating=3, title="Fine", text="Okay")

    def assert_unchanged(self):
        self.review.refresh_from_db()
        self.assertEqual((self.review.rating, self.review.title, self.review.text), (3, "Fine", "Okay"))
        book = Book.objects.get(pk=self.book.pk)
        self.assertEqual((book.rating_count, book.rating_sum, book.rating_3), (1, 3, 1))

    def test_the_owner_edits_their_review_and_the_counters_follow(self):
        self.client.force_login(self.ada)
        self.assertContains(self.client.get(self.update_url(self.review)), 'value="Fine"')

        response = self.client.post(
            self.update_url(self.review), {"rating": "5", "title": "Great after all", "text": ""}
        )

        self.assertRedirects(response, self.book.get_absolute_url())
        self.review.refresh_from_db()
        self.assertEqual(
            (self.review.rating, self.review.title, self.review.text), (5, "Great after all", "")
        )
        book = Book.objects.get(pk=self.book.pk)
        self.assertEqual((book.rating_3, book.rating_5, book.rating_sum), (0, 1, 5))

    def test_the_owner_deletes_after_confirming(self):
        self.client.force_login(self.ada)
        self.assertContains(self.client.get(self.delete_url(self.review)), "Delete review")

        response = self.client.post(self.delete_url(self.review))

        self.assertRedirects(response, self.book.get_absolute_url())
        self.assertFalse(Review.objects.exists())
        self.assertEqual(Book.objects.get(pk=self.book.pk).rating_count, 0)

    def test_someone_elses_review_is_404_and_nothing_changes(self):
        self.client.force_login(self.grace)

        responses = [
            self.client.get(self.update_url(self.review)),
            self.client.post(self.update_url(self.review), {"rating": "1", "title": "Hacked"}),
            self.client.get(self.delete_url(self.review)),
            self.client.post(self.delete_url(self.review)),
        ]

        self.assertEqual([r.status_code for r in responses], [404, 404, 404, 404])
        self.assert_unchanged()

    def test_a_review_under_another_books_url_is_404(self):
        other = BookFactory()
        self.client.force_login(self.ada)
        url = reverse("reviews:delete", kwargs={"book_id": other.pk, "pk": self.review.pk})
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assert_unchanged()

    def test_anonymous_edit_and_delete_go_to_sign_in(self):
        for url in (self.update_url(self.review), self.delete_url(self.review)):
            self.assertEqual(self.client.post(url, {"rating": "1", "title": "x"}).status_code, 302)
        self.assert_unchanged()

    def test_delete_needs_post_and_a_csrf_token(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.ada)
        self.assertEqual(client.post(self.delete_url(self.review)).status_code, 403)
        self.assert_unchanged()
