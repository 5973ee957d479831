from django.db import IntegrityError, transaction
from django.test import TestCase

from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.tests.factories import BookFactory
from bookstore.reviews.models import Review


class ReviewConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory()
        cls.reader = UserFactory()

    def test_one_review_per_reader_per_book(self):
        Review.objects.create(book=self.book, user=self.reader, rating=3, title="One")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Review.objects.create(book=self.book, user=self.reader, rating=4, title="Two")

    def test_rating_is_between_one_and_five(self):
        for rating in (0, 6):
            with self.subTest(rating=rating), self.assertRaises(IntegrityError), transaction.atomic():
                Review.objects.create(book=self.book, user=self.reader, rating=rating, title="Bad")

    def test_a_reviewer_cannot_be_deleted_while_their_reviews_count(self):
        from django.db.models import ProtectedError

        Review.objects.create(book=self.book, user=self.reader, rating=3, title="One")
        with self.assertRaises(ProtectedError):
            self.reader.delete()
