"""Cover upload and thumbnails: what is stored, audited, shown, and what happens with bad or vanished files."""

import io
import re

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import TestCase
from PIL import Image

from bookstore.accounts.tests.factories import StaffFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.catalog.covers.models import CoverStatus
from bookstore.catalog.covers.services import book_cover_set, book_cover_thumbnails_build
from bookstore.catalog.covers.tasks import book_cover_thumbnails_task
from bookstore.catalog.models import Book
from bookstore.catalog.tests import cover_files
from bookstore.catalog.tests.factories import BookFactory
from bookstore.catalog.tests.media import TempMediaMixin


class CoverUploadTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = StaffFactory()
        cls.book = BookFactory(title="Cover Story")

    def upload(self, content, name="cover.jpg"):
        with self.captureOnCommitCallbacks(execute=True):
            return book_cover_set(
                actor=self.staff, book=self.book, upload=cover_files.upload(content, name=name)
            )

    def test_upload_stores_a_clean_copy_audits_and_makes_thumbnails_after_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            book = book_cover_set(
                actor=self.staff,
                book=self.book,
                upload=cover_files.upload(cover_files.jpeg_with_metadata(size=(600, 900))),
            )
        self.assertEqual(book.cover_status, CoverStatus.PENDING)
        cover_name = str(book.cover.name)
        self.assertRegex(cover_name, rf"^covers/{book.pk}/[A-Za-z0-9_-]{{16}}\.jpg$")
        with default_storage.open(book.cover.name) as handle:
            stored = handle.read()
        self.assertNotIn(b"SpyCam", stored)
        entry = AuditLog.objects.get(action=AuditAction.BOOK_COVER_SET)
        self.assertEqual((entry.actor, entry.target_id), (self.staff, str(book.pk)))
        self.assertEqual(entry.changes, {"cover": ["", book.cover.name]})
        self.assertEqual(entry.metadata["format"], "JPEG")
        self.assertEqual((entry.metadata["width"], entry.metadata["height"]), (600, 900))

        for callback in callbacks:  # what runs after commit: the thumbnail task, cleanup, cache invalidation
            callback()

        book.refresh_from_db()
        self.assertEqual(book.cover_status, CoverStatus.READY)
        self.assertEqual(book.cover_small.name, cover_name[:-4] + "-200.webp")
        self.assertEqual(book.cover_large.name, cover_name[:-4] + "-480.webp")
        for field, size in ((book.cover_small, (200, 300)), (book.cover_large, (480, 720))):
            with default_storage.open(field.name) as handle:
                image = Image.open(io.BytesIO(handle.read()))
                self.assertEqual((image.format, image.size), ("WEBP", size))
        self.assertEqual(book.cover_thumbnail_small_url, f"/media/{book.cover_small.name}")

    def test_a_new_upload_replaces_the_old_files(self):
        first = self.upload(cover_files.image_bytes("PNG", size=(300, 450)), name="a.png")
        first_files = self.stored_files()
        self.assertEqual(len(first_files), 3)
        second = self.upload(cover_files.image_bytes("WEBP", size=(300, 450)), name="b.webp")
        second.refresh_from_db()
        self.assertNotEqual(first.cover.name, second.cover.name)
        self.assertTrue(second.cover.name.endswith(".webp"))
        self.assertEqual(
            self.stored_files(), sorted([second.cover.name, second.cover_small.name, second.cover_large.name])
        )

    def test_a_refused_upload_stores_nothing_and_changes_nothing(self):
        for content in (cover_files.SVG, cover_files.png_declaring(30_000, 30_000), b""):
            with self.subTest(content=content[:10]), self.assertRaises(ValidationError):
                self.upload(content)
        self.assertEqual(self.stored_files(), [])
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.BOOK_COVER_SET).exists())
        book = Book.objects.get(pk=self.book.pk)
        self.assertEqual((book.cover.name, book.cover_status), ("", CoverStatus.NONE))


class ThumbnailTaskTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = StaffFactory()

    def book_with_stored_cover(self, content):
        book = BookFactory()
        name = default_storage.save(f"covers/{book.pk}/tok.jpg", io.BytesIO(content))
        Book.objects.filter(pk=book.pk).update(cover=name, cover_status=CoverStatus.PENDING)
        return Book.objects.get(pk=book.pk)

    def test_a_corrupt_stored_cover_fails_with_a_reason_and_is_not_retried(self):
        book = self.book_with_stored_cover(cover_files.HTML)

        result = book_cover_thumbnails_task.apply(args=[str(book.pk)])

        self.assertEqual((result.state, result.result), ("SUCCESS", CoverStatus.FAILED))
        book.refresh_from_db()
        self.assertEqual(book.cover_status, CoverStatus.FAILED)
        self.assertTrue(book.cover_error.startswith("The stored cover cannot be read: This file is text"))
        self.assertEqual(book.cover_thumbnail_small_url, "")
        self.assertEqual(self.stored_files(), [book.cover.name])  # no thumbnails written

    def test_a_vanished_file_fails_instead_of_retrying(self):
        book = self.book_with_stored_cover(cover_files.image_bytes("JPEG"))
        default_storage.delete(book.cover.name)
        self.assertEqual(book_cover_thumbnails_build(book_id=book.pk), CoverStatus.FAILED)
        book.refresh_from_db()
        self.assertEqual(book.cover_error, "The cover file is missing from storage.")

    def test_the_task_is_idempotent_and_ignores_books_without_covers(self):
        book = self.book_with_stored_cover(cover_files.image_bytes("JPEG", size=(100, 150)))
        self.assertEqual(book_cover_thumbnails_build(book_id=book.pk), CoverStatus.READY)
        files = self.stored_files()
        self.assertEqual(book_cover_thumbnails_build(book_id=str(book.pk)), CoverStatus.READY)
        self.assertEqual(self.stored_files(), files)
        self.assertEqual(book_cover_thumbnails_build(book_id=BookFactory().pk), CoverStatus.NONE)
        self.assertEqual(
            book_cover_thumbnails_build(book_id="0190a3c5-0000-7000-8000-000000000000"), CoverStatus.NONE
        )

    def test_thumbnails_of_a_small_cover_are_not_enlarged(self):
        book = self.book_with_stored_cover(cover_files.image_bytes("JPEG", size=(100, 150)))
        book_cover_thumbnails_build(book_id=book.pk)
        book.refresh_from_db()
        with default_storage.open(book.cover_large.name) as handle:
            self.assertEqual(Image.open(handle).size, (100, 150))
        self.assertTrue(re.search(r"-480\.webp$", book.cover_large.name))
