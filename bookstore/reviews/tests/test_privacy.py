from django.test import TestCase

from bookstore.accounts.models import ERASED_NAME
from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import BookFactory
from bookstore.privacy.collectors import collect_user_data
from bookstore.privacy.services import account_erase, account_erasure_plan
from bookstore.privacy.tests.helpers import tables_containing
from bookstore.reviews.tests.factories import ReviewFactory


class ReviewPrivacyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com", display_name="Ada Lovelace")
        cls.book = BookFactory(title="Notes")
        cls.review = ReviewFactory(
            book=cls.book, user=cls.reader, rating=5, title="Superb", text="Read it twice"
        )

    def test_the_export_holds_the_readers_reviews(self):
        reviews = collect_user_data(self.reader)["reviews.json"]

        self.assertEqual(len(reviews), 1)
        self.assertEqual(
            {key: reviews[0][key] for key in ("book", "book_id", "rating", "title", "text")},
            {
                "book": "Notes",
                "book_id": str(self.book.pk),
                "rating": 5,
                "title": "Superb",
                "text": "Read it twice",
            },
        )

    def test_erasure_keeps_reviews_and_ratings_under_the_placeholder_name(self):
        self.assertIn(
            "reviews kept, shown under “Deleted reader”: 1", account_erasure_plan(user=self.reader).lines()
        )

        account_erase(user=self.reader)

        self.review.refresh_from_db()
        self.assertEqual(self.review.user.public_name, ERASED_NAME)
        self.assertEqual(Book.objects.get(pk=self.book.pk).rating_count, 1)
        self.assertEqual(tables_containing("ada@example.com"), [])
        self.assertEqual(tables_containing("Ada Lovelace"), [])
