"""Reviews through the API: cursor pages, writing your own through the services, ownership refused."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import BookFactory
from bookstore.reviews.models import Review
from bookstore.reviews.tests.factories import ReviewFactory
from bookstore.tokens.tests.factories import create_token


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


class ReviewListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory()
        cls.reviews = []
        for index in range(5):
            review = ReviewFactory(book=cls.book, title=f"Review {index}")
            Review.objects.filter(pk=review.pk).update(created=dt.datetime(2026, 1, 1 + index, tzinfo=dt.UTC))
            cls.reviews.append(review)
        cls.url = reverse("v1:book-reviews", args=[cls.book.pk])

    def test_newest_first_with_the_reviewers_public_name_never_the_email(self):
        response = client_for().get(self.url)

        results = response.json()["results"]
        self.assertEqual([r["title"] for r in results], [f"Review {i}" for i in range(4, -1, -1)])
        self.assertEqual(results[0]["reviewer"], self.reviews[4].user.public_name)
        self.assertNotIn(self.reviews[4].user.email, response.content.decode())
        self.assertFalse(results[0]["is_mine"])
        self.assertNotIn("count", response.json())

    def test_cursor_pages_stay_stable_while_new_reviews_arrive(self):
        client = client_for()
        first = client.get(self.url, {"page_size": 2}).json()
        self.assertEqual([r["title"] for r in first["results"]], ["Review 4", "Review 3"])

        ReviewFactory(book=self.book, title="Brand new")  # newest of all, arriving between two pages
        second = client.get(first["next"]).json()

        self.assertEqual([r["title"] for r in second["results"]], ["Review 2", "Review 1"])
        third = client.get(second["next"]).json()
        self.assertEqual([r["title"] for r in third["results"]], ["Review 0"])
        self.assertIsNone(third["next"])

    def test_a_bad_cursor_is_a_404(self):
        for cursor in ["garbage", "cD0"]:
            with self.subTest(cursor=cursor):
                response = client_for().get(self.url, {"cursor": cursor})
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response.json()["detail"], "Invalid cursor")

    def test_mine_is_marked(self):
        response = client_for(self.reviews[2].user).get(self.url)

        mine = [r["title"] for r in response.json()["results"] if r["is_mine"]]
        self.assertEqual(mine, ["Review 2"])

    def test_query_count_is_fixed_at_two_page_sizes(self):
        for size in (1, 5):
            with self.subTest(size=size), self.assertNumQueries(2):  # the book, the page
                response = client_for().get(self.url, {"page_size": size})
            self.assertEqual(len(response.json()["results"]), size)

    def test_an_unpublished_books_reviews_are_hidden(self):
        future = BookFactory(publication_date=dt.date(2999, 1, 1))

        response = client_for(UserFactory()).get(reverse("v1:book-reviews", args=[future.pk]))

        self.assertEqual(response.status_code, 404)


class ReviewCreateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory()
        cls.reader = UserFactory()
        cls.url = reverse("v1:book-reviews", args=[cls.book.pk])

    def test_a_reader_reviews_through_the_service(self):
        response = client_for(self.reader).post(
            self.url, {"rating": 4, "title": "  Good  ", "text": "Liked it."}, format="json"
        )

        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["rating"], body["title"], body["is_mine"]), (4, "Good", True))
        review = Review.objects.get(pk=body["id"])
        self.assertEqual(review.user, self.reader)
        book = Book.objects.get(pk=self.book.pk)
        self.assertEqual((book.rating_count, book.rating_sum, book.rating_4), (1, 4, 1))
        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.REVIEW_CREATED, actor=self.reader).exists()
        )

    def test_with_a_personal_token(self):
        token = create_token(user=self.reader)

        response = APIClient().post(
            self.url,
            {"rating": 5, "title": "By script"},
            format="json",
            headers={"Authorization": f"Bearer {token.key}"},
        )

        self.assertEqual(response.status_code, 201)
        self.assertEqual(Review.objects.get().user, self.reader)

    def test_anonymous_is_a_401_and_writes_nothing(self):
        response = client_for().post(self.url, {"rating": 4, "title": "x"}, format="json")

        self.assertEqual(response.status_code, 401)
        self.assertFalse(Review.objects.exists())

    def test_a_second_review_of_the_same_book_is_a_400(self):
        client = client_for(self.reader)
        client.post(self.url, {"rating": 4, "title": "One"}, format="json")

        response = client.post(self.url, {"rating": 2, "title": "Two"}, format="json")

        self.assertEqual(response.status_code, 400)
        self.assertIn("already reviewed", str(response.json()["errors"]))
        self.assertEqual(Book.objects.get(pk=self.book.pk).rating_count, 1)

    def test_mass_assignment_and_bad_values_are_refused_leaving_nothing(self):
        other = UserFactory()
        cases = {
            "user": {"rating": 4, "title": "x", "user": other.pk},
            "book": {"rating": 4, "title": "x", "book": str(BookFactory().pk)},
            "id": {"rating": 4, "title": "x", "id": 1},
            "created": {"rating": 4, "title": "x", "created": "2020-01-01T00:00:00Z"},
            "rating_count": {"rating": 4, "title": "x", "rating_count": 100},
            "rating": {"rating": 6, "title": "x"},
            "rating ": {"rating": 0, "title": "x"},
            "rating  ": {"rating": 10**30, "title": "x"},
            "rating   ": {"rating": "four", "title": "x"},
            "rating    ": {"rating": 4.5, "title": "x"},
            "title": {"rating": 4, "title": "   "},
            "title ": {"rating": 4, "title": "x" * 201},
            "title  ": {"rating": 4, "title": ["list"]},
            "text": {"rating": 4, "title": "x", "text": "y" * 10_001},
        }
        client = client_for(self.reader)
        for field, payload in cases.items():
            with self.subTest(field=field):
                response = client.post(self.url, payload, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field.strip(), response.json()["errors"])
        self.assertFalse(Review.objects.exists())
        self.assertEqual(Book.objects.get(pk=self.book.pk).rating_count, 0)

    def test_an_unpublished_book_cannot_be_reviewed(self):
        future = BookFactory(publication_date=dt.date(2999, 1, 1))

        response = client_for(self.reader).post(
            reverse("v1:book-reviews", args=[future.pk]), {"rating": 4, "title": "x"}, format="json"
        )

        self.assertEqual(response.status_code, 404)


class ReviewChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.author = UserFactory()
        cls.other = UserFactory()
        cls.review = ReviewFactory(user=cls.author, rating=2, title="Meh")
        cls.url = reverse("v1:review-detail", args=[cls.review.pk])

    def test_anyone_reads_a_review(self):
        self.assertEqual(client_for().get(self.url).json()["title"], "Meh")

    def test_the_author_changes_it_and_the_counters_follow(self):
        response = client_for(self.author).patch(self.url, {"rating": 5}, format="json")

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["rating"], 5)
        book = Book.objects.get(pk=self.review.book_id)
        self.assertEqual((book.rating_2, book.rating_5, book.rating_sum), (0, 1, 5))
        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.REVIEW_UPDATED, actor=self.author).exists()
        )

    def test_someone_else_cannot_change_it(self):
        response = client_for(self.other).patch(self.url, {"title": "Hacked"}, format="json")

        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["code"], "permission_denied")
        self.assertEqual(Review.objects.get(pk=self.review.pk).title, "Meh")

    def test_staff_cannot_change_someone_elses_review(self):
        response = client_for(StaffFactory(is_superuser=True)).patch(
            self.url, {"title": "Edited"}, format="json"
        )

        self.assertEqual(response.status_code, 403)
        self.assertEqual(Review.objects.get(pk=self.review.pk).title, "Meh")

    def test_anonymous_cannot_change_or_delete(self):
        self.assertEqual(client_for().patch(self.url, {"title": "x"}, format="json").status_code, 401)
        self.assertEqual(client_for().delete(self.url).status_code, 401)
        self.assertTrue(Review.objects.filter(pk=self.review.pk).exists())

    def test_ownership_and_counters_cannot_be_set_by_patch(self):
        for payload in [{"user": self.other.pk}, {"book": str(BookFactory().pk)}, {"rating_count": 0}]:
            with self.subTest(payload=payload):
                response = client_for(self.author).patch(self.url, payload, format="json")
                self.assertEqual(response.status_code, 400)
        review = Review.objects.get(pk=self.review.pk)
        self.assertEqual((review.user_id, review.book_id), (self.author.pk, self.review.book_id))

    def test_the_author_deletes_it(self):
        response = client_for(self.author).delete(self.url)

        self.assertEqual(response.status_code, 204)
        self.assertFalse(Review.objects.filter(pk=self.review.pk).exists())
        self.assertEqual(Book.objects.get(pk=self.review.book_id).rating_count, 0)

    def test_someone_else_cannot_delete_it(self):
        response = client_for(self.other).delete(self.url)

        self.assertEqual(response.status_code, 403)
        self.assertTrue(Review.objects.filter(pk=self.review.pk).exists())

    def test_a_moderator_may_delete_it(self):
        moderator = StaffFactory()
        moderator.user_permissions.add(Permission.objects.get(codename="delete_review"))

        response = client_for(moderator).delete(self.url)

        self.assertEqual(response.status_code, 204)
        entry = AuditLog.objects.get(action=AuditAction.REVIEW_DELETED)
        self.assertEqual((entry.actor_id, entry.metadata["moderated"]), (moderator.pk, True))

    def test_unknown_huge_and_hidden_reviews_are_404s(self):
        hidden = ReviewFactory(book=BookFactory(publication_date=dt.date(2020, 1, 1)))
        Book.objects.filter(pk=hidden.book_id).update(publication_date=dt.date(2999, 1, 1))
        for path in [
            reverse("v1:review-detail", args=[hidden.pk]),
            reverse("v1:review-detail", args=[999_999_999]),
            f"/api/v1/reviews/{10**30}/",
            "/api/v1/reviews/abc/",
        ]:
            with self.subTest(path=path):
                self.assertEqual(client_for(self.author).get(path).status_code, 404)
