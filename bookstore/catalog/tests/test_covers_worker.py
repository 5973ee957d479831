"""Integration: the thumbnail task on a real Celery worker, through Redis (DB 8), against the test database."""

import pytest
from django.test import TransactionTestCase

from bookstore.accounts.tests.factories import StaffFactory
from bookstore.catalog.covers.models import CoverStatus
from bookstore.catalog.covers.services import book_cover_set
from bookstore.catalog.models import Book
from bookstore.catalog.tests import cover_files
from bookstore.catalog.tests.factories import BookFactory
from bookstore.catalog.tests.media import TempMediaMixin
from bookstore.core.tests.celery_fixtures import broker_url_or_skip, inprocess_worker, live_broker, wait_for

REDIS_DB = 8


@pytest.mark.integration
class ThumbnailWorkerTests(TempMediaMixin, TransactionTestCase):
    def setUp(self):
        super().setUp()
        url = broker_url_or_skip(db=REDIS_DB)
        self.enterContext(live_broker(url))
        self.enterContext(inprocess_worker())

    def test_the_worker_makes_thumbnails_after_the_upload_commits(self):
        book = BookFactory()
        book_cover_set(
            actor=StaffFactory(),
            book=book,
            upload=cover_files.upload(cover_files.image_bytes("JPEG", size=(800, 1200))),
        )

        wait_for(
            lambda: Book.objects.get(pk=book.pk).cover_status == CoverStatus.READY,
            timeout=60,
            message="the worker to make the thumbnails",
        )
        book.refresh_from_db()
        self.assertEqual(
            self.stored_files(), sorted([book.cover.name, book.cover_small.name, book.cover_large.name])
        )

    def test_a_corrupt_cover_is_marked_failed_by_the_worker(self):
        from bookstore.catalog.covers.tasks import book_cover_thumbnails_task

        book = BookFactory()
        upload = cover_files.upload(cover_files.image_bytes("PNG"), name="c.png")
        book_cover_set(actor=StaffFactory(), book=book, upload=upload)
        wait_for(lambda: Book.objects.get(pk=book.pk).cover_status == CoverStatus.READY, timeout=60)
        book.refresh_from_db()
        (self.media_root / str(book.cover.name)).write_bytes(
            b"\x89PNG\r\n\x1a\n garbage"
        )  # corrupted in storage
        Book.objects.filter(pk=book.pk).update(
            cover_status=CoverStatus.PENDING, cover_small="", cover_large=""
        )

        book_cover_thumbnails_task.delay(str(book.pk))

        wait_for(
            lambda: Book.objects.get(pk=book.pk).cover_status == CoverStatus.FAILED,
            timeout=60,
            message="the worker to mark the cover failed",
        )
        self.assertIn("cannot be read", Book.objects.get(pk=book.pk).cover_error)
