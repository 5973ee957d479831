import datetime as dt

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.catalog.models import Book
from bookstore.catalog.signals import catalog_changed
from bookstore.catalog.tests.factories import BookFactory
from bookstore.reviews.models import Review
from bookstore.reviews.selectors import rating_summary, review_get_for_user, review_list_for_book
from bookstore.reviews.services import book_ratings_recount, review_create, review_delete, review_update
from bookstore.reviews.tests.factories import ReviewFactory

COUNTERS = Book.RATING_FIELDS


def counters(book):
    return dict(zip(COUNTERS, Book.objects.values_list(*COUNTERS).get(pk=book.pk), strict=True))


class ReviewServiceTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.book = BookFactory()
        cls.ada = UserFactory(display_name="Ada")
        cls.grace = UserFactory(display_name="Grace")


class ReviewCreateTests(ReviewServiceTestCase):
    def test_create_counts_the_rating_audits_and_signals(self):
        seen = []
        receiver = lambda sender, **kwargs: seen.append((sender, kwargs["book_ids"]))  # noqa: E731
        catalog_changed.connect(receiver)
        self.addCleanup(catalog_changed.disconnect, receiver)
        with self.captureOnCommitCallbacks(execute=True):
            review = review_create(user=self.ada, book=self.book, rating=5, title=" Great ", text="Loved it")
            review_create(user=self.grace, book=self.book, rating=2, title="Meh")

        self.assertEqual(review.title, "Great")
        self.assertEqual(
            counters(self.book),
            {
                "rating_count": 2, "rating_sum": 7, "rating_average": 3.5,
                "rating_1": 0, "rating_2": 1, "rating_3": 0, "rating_4": 0, "rating_5": 1,
            },
        )  # fmt: skip
        self.assertEqual(seen, [(Review, [self.book.pk]), (Review, [self.book.pk])])
        entry = AuditLog.objects.filter(action=AuditAction.REVIEW_CREATED).earliest("id")
        self.assertEqual(entry.actor_id_snapshot, self.ada.pk)
        self.assertEqual(entry.metadata, {"book": str(self.book.pk), "rating": 5, "title": "Great"})
        self.assertNotIn("Loved it", str(entry.metadata) + str(entry.changes))

    def test_a_second_review_by_the_same_reader_is_refused_and_counts_nothing(self):
        ReviewFactory(book=self.book, user=self.ada, rating=4)
        before = counters(self.book)

        with self.assertRaisesMessage(ValidationError, "already reviewed"):
            review_create(user=self.ada, book=self.book, rating=1, title="Again")

        self.assertEqual(counters(self.book), before)
        self.assertEqual(Review.objects.count(), 1)
        self.assertEqual(AuditLog.objects.filter(action=AuditAction.REVIEW_CREATED).count(), 1)

    def test_out_of_range_rating_and_empty_title_are_refused(self):
        for rating, title in ((0, "T"), (6, "T"), (3, "   ")):
            with self.subTest(rating=rating, title=title), self.assertRaises(ValidationError):
                review_create(user=self.ada, book=self.book, rating=rating, title=title)
        self.assertFalse(Review.objects.exists())
        self.assertEqual(counters(self.book)["rating_count"], 0)

    def test_a_future_title_cannot_be_reviewed_without_early_access(self):
        future = BookFactory(publication_date=timezone.localdate() + dt.timedelta(days=3))
        with self.assertRaises(PermissionDenied):
            review_create(user=self.ada, book=future, rating=5, title="Early")
        self.ada.user_permissions.add(Permission.objects.get(codename="special_status"))
        ada = type(self.ada).objects.get(pk=self.ada.pk)
        review_create(user=ada, book=future, rating=5, title="Early")
        self.assertEqual(counters(future)["rating_count"], 1)


class ReviewUpdateDeleteTests(ReviewServiceTestCase):
    def setUp(self):
        self.review = ReviewFactory(book=self.book, user=self.ada, rating=2, title="First", text="Hmm")
        ReviewFactory(book=self.book, user=self.grace, rating=5)

    def test_changing_the_rating_moves_the_histogram(self):
        review_update(user=self.ada, review=self.review, rating=4, text="Better on rereading")

        self.assertEqual(
            counters(self.book),
            {
                "rating_count": 2, "rating_sum": 9, "rating_average": 4.5,
                "rating_1": 0, "rating_2": 0, "rating_3": 0, "rating_4": 1, "rating_5": 1,
            },
        )  # fmt: skip
        entry = AuditLog.objects.get(action=AuditAction.REVIEW_UPDATED)
        self.assertEqual(entry.changes, {"rating": [2, 4]})
        self.assertEqual(entry.metadata, {"book": str(self.book.pk), "text_changed": True})

    def test_someone_elses_review_cannot_be_changed_or_deleted(self):
        before = counters(self.book)
        with self.assertRaises(PermissionDenied):
            review_update(user=self.grace, review=self.review, rating=1, title="Hacked")
        with self.assertRaises(PermissionDenied):
            review_delete(user=self.grace, review=self.review)

        self.review.refresh_from_db()
        self.assertEqual((self.review.rating, self.review.title), (2, "First"))
        self.assertEqual(counters(self.book), before)
        self.assertFalse(
            AuditLog.objects.filter(
                action__in=[AuditAction.REVIEW_UPDATED, AuditAction.REVIEW_DELETED]
            ).exists()
        )

    def test_an_invalid_edit_changes_nothing(self):
        with self.assertRaises(ValidationError):
            review_update(user=self.ada, review=self.review, rating=9)
        self.review.refresh_from_db()
        self.assertEqual(self.review.rating, 2)
        self.assertEqual(counters(self.book)["rating_sum"], 7)

    def test_the_owner_deletes_and_the_counters_follow(self):
        review_delete(user=self.ada, review=self.review)

        self.assertFalse(Review.objects.filter(pk=self.review.pk).exists())
        self.assertEqual(counters(self.book)["rating_count"], 1)
        self.assertEqual(counters(self.book)["rating_2"], 0)
        self.assertEqual(float(counters(self.book)["rating_average"]), 5.0)
        entry = AuditLog.objects.get(action=AuditAction.REVIEW_DELETED)
        self.assertFalse(entry.metadata["moderated"])

    def test_a_moderator_may_delete_anyones_review(self):
        moderator = StaffFactory()
        moderator.user_permissions.add(Permission.objects.get(codename="delete_review"))
        review_delete(user=moderator, review=self.review)
        self.assertTrue(AuditLog.objects.get(action=AuditAction.REVIEW_DELETED).metadata["moderated"])

    def test_deleting_the_last_review_resets_the_average(self):
        for review in Review.objects.all():
            review_delete(user=review.user, review=review)
        self.assertEqual(counters(self.book), dict.fromkeys(COUNTERS, 0))

    def test_recount_rebuilds_counters_from_the_reviews(self):
        expected = counters(self.book)
        Book.objects.filter(pk=self.book.pk).update(
            rating_count=0, rating_sum=0, rating_2=0, rating_5=0, rating_average=0
        )
        self.assertEqual(book_ratings_recount(), Book.objects.count())
        self.assertEqual(counters(self.book), expected)
        self.assertEqual(book_ratings_recount(book_ids=[self.book.pk]), 1)

    def test_selectors(self):
        summary = rating_summary(Book.objects.get(pk=self.book.pk))
        self.assertEqual((summary.count, str(summary.average)), (2, "3.5"))
        self.assertEqual(summary.histogram[0], {"stars": 5, "count": 1, "percent": 50})
        self.assertEqual(review_get_for_user(book=self.book, user=self.ada), self.review)
        with self.assertNumQueries(1):
            reviews = list(review_list_for_book(book=self.book))
            self.assertEqual({review.user.public_name for review in reviews}, {"Ada", "Grace"})
