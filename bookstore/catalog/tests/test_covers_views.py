"""The staff cover page (permission gate, real bad files as form errors) and covers on reader pages."""

import urllib.request

from django.contrib.auth.models import Permission
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.catalog.covers.models import CoverStatus
from bookstore.catalog.covers.services import book_cover_set
from bookstore.catalog.models import Book
from bookstore.catalog.tests import cover_files
from bookstore.catalog.tests.factories import BookFactory
from bookstore.catalog.tests.media import TempMediaMixin
from bookstore.catalog.tests.s3 import S3ServerMixin


class StaffCoverPageTests(TempMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()
        cls.editor = StaffFactory()
        cls.editor.user_permissions.add(Permission.objects.get(codename="change_book"))
        cls.book = BookFactory(title="Dune")
        cls.url = reverse("catalog_staff:book-cover", args=[cls.book.pk])

    def post(self, content, name="cover.jpg"):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, {"cover": cover_files.upload(content, name=name)})

    def test_the_page_needs_change_book(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])
        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post(cover_files.image_bytes("JPEG")).status_code, 403)
        self.assertEqual(Book.objects.get(pk=self.book.pk).cover.name, "")
        self.client.force_login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, 'accept="image/jpeg,image/png,image/webp"')
        self.assertContains(response, "No cover yet.")

    def test_a_good_upload_redirects_and_the_cover_shows_on_reader_pages(self):
        self.client.force_login(self.editor)
        response = self.post(cover_files.image_bytes("JPEG", size=(400, 600)))
        self.assertRedirects(response, self.url)
        book = Book.objects.get(pk=self.book.pk)
        self.assertEqual(book.cover_status, CoverStatus.READY)
        self.assertContains(self.client.get(self.url), "Thumbnails ready.")

        self.client.logout()
        detail = self.client.get(book.get_absolute_url())
        self.assertContains(detail, f'src="/media/{book.cover_large.name}"')
        listing = self.client.get(reverse("catalog:book-list"))
        self.assertContains(listing, f'src="/media/{book.cover_small.name}"')
        image = self.client.get(f"/media/{book.cover_small.name}")  # served with DEBUG off
        self.assertEqual((image.status_code, image["Content-Type"]), (200, "image/webp"))

    def test_a_placeholder_shows_until_thumbnails_exist(self):
        self.client.force_login(self.editor)
        with self.captureOnCommitCallbacks(execute=False):  # the thumbnail task has not run yet
            self.client.post(
                self.url, {"cover": cover_files.upload(cover_files.image_bytes("PNG"), name="c.png")}
            )
        self.assertEqual(Book.objects.get(pk=self.book.pk).cover_status, CoverStatus.PENDING)
        self.client.logout()
        detail = self.client.get(self.book.get_absolute_url())
        self.assertContains(detail, "cover-placeholder")
        self.assertNotContains(detail, "<img")

    def test_bad_files_are_form_errors_with_a_clear_message(self):
        self.client.force_login(self.editor)
        cases = (
            (cover_files.SVG, "This file is text (SVG, HTML or a script)"),
            (cover_files.HTML, "This file is text (SVG, HTML or a script)"),
            (cover_files.SCRIPT, "This file is text (SVG, HTML or a script)"),
            (cover_files.image_bytes("GIF"), "This file is not a JPEG, PNG or WebP image"),
            (cover_files.png_declaring(6_000, 5_000), "covers may have at most 25 megapixels"),
            (cover_files.real_bomb_png(20_000, 10_000), "far too many pixels"),
        )
        for content, message in cases:
            with self.subTest(message=message):
                response = self.post(content)
                self.assertContains(response, message, status_code=400)
        self.assertContains(self.client.post(self.url, {}), "This field is required.", status_code=400)
        self.assertEqual(self.stored_files(), [])
        self.assertEqual(Book.objects.get(pk=self.book.pk).cover_status, CoverStatus.NONE)


class S3CoverEndToEndTests(S3ServerMixin, TestCase):
    def test_upload_and_thumbnails_land_in_the_bucket_and_are_public(self):
        staff = StaffFactory()
        book = BookFactory()
        with self.s3_storage() as bucket:
            with self.captureOnCommitCallbacks(execute=True):
                book_cover_set(
                    actor=staff,
                    book=book,
                    upload=cover_files.upload(cover_files.image_bytes("JPEG", size=(500, 750))),
                )
            book.refresh_from_db()
            self.assertEqual(book.cover_status, CoverStatus.READY)
            keys = sorted(item["Key"] for item in self.s3_client().list_objects_v2(Bucket=bucket)["Contents"])
            self.assertEqual(keys, sorted([book.cover.name, book.cover_small.name, book.cover_large.name]))
            url = book.cover_thumbnail_large_url
            self.assertTrue(url.startswith(f"{self.s3_endpoint}/{bucket}/covers/"))
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our local test server
                self.assertEqual(response.headers["Content-Type"], "image/webp")
                self.assertEqual(response.read()[8:12], b"WEBP")


class CoverPartialTests(SimpleTestCase):
    def test_placeholder_is_decorative_and_shows_the_initial(self):
        from django.template.loader import render_to_string

        html = render_to_string("catalog/_cover.html", {"book": Book(title="Emma"), "size": "large"})
        self.assertInHTML(
            '<span class="cover cover-large cover-placeholder" aria-hidden="true">E</span>', html
        )
