"""Concurrent review writes on one book keep its counters exact (real transactions, real row locks)."""

import threading

from django.db import close_old_connections, connection
from django.test import TransactionTestCase

from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.models import Book
from bookstore.catalog.tests.factories import BookFactory
from bookstore.reviews.models import Review
from bookstore.reviews.services import book_ratings_recount, review_create, review_delete, review_update

COUNTERS = Book.RATING_FIELDS


def run_in_threads(jobs):
    errors = []
    barrier = threading.Barrier(len(jobs))

    def work(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # collected and reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return errors


class ConcurrentReviewTests(TransactionTestCase):
    def counters(self):
        return Book.objects.values_list(*COUNTERS).get(pk=self.book.pk)

    def setUp(self):
        self.book = BookFactory()
        self.readers = [UserFactory() for _ in range(6)]

    def test_simultaneous_creates_edits_and_deletes_leave_exact_counters(self):
        errors = run_in_threads(
            [
                lambda reader=reader, stars=stars: review_create(
                    user=reader, book=self.book, rating=stars, title="Hi"
                )
                for reader, stars in zip(self.readers, (1, 2, 3, 4, 5, 5), strict=True)
            ]
        )
        self.assertEqual(errors, [])
        self.assertEqual(self.counters()[:2], (6, 20))

        reviews = list(Review.objects.order_by("pk"))
        expected_sum = 20 - reviews[0].rating + 5 - reviews[1].rating + 4 - reviews[2].rating
        errors = run_in_threads(
            [
                lambda: review_update(user=reviews[0].user, review=reviews[0], rating=5),
                lambda: review_update(user=reviews[1].user, review=reviews[1], rating=4),
                lambda: review_delete(user=reviews[2].user, review=reviews[2]),
                lambda: review_delete(user=reviews[2].user, review=reviews[2]),  # a double submit
            ]
        )
        self.assertEqual(errors, [])
        written = self.counters()
        self.assertEqual(written[:2], (5, expected_sum))
        book_ratings_recount(book_ids=[self.book.pk])
        self.assertEqual(self.counters(), written)

    def test_the_same_reader_twice_at_once_gets_one_review(self):
        reader = self.readers[0]
        errors = run_in_threads(
            [lambda: review_create(user=reader, book=self.book, rating=4, title="Once") for _ in range(3)]
        )
        self.assertEqual(len(errors), 2)
        self.assertTrue(all("already reviewed" in str(error) for error in errors))
        self.assertEqual(Review.objects.count(), 1)
        self.assertEqual(self.counters()[:2], (1, 4))
