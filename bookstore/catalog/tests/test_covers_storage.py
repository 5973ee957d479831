"""Cover files served with DEBUG off, from the filesystem and from S3-compatible storage over the wire."""

import tempfile
import urllib.request
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import SimpleTestCase, TestCase, override_settings

from bookstore.catalog.tests import cover_files
from bookstore.catalog.tests.s3 import S3ServerMixin


class CoverFileViewTests(TestCase):
    def setUp(self):
        media = tempfile.TemporaryDirectory()
        self.addCleanup(media.cleanup)
        override = override_settings(MEDIA_ROOT=media.name)
        override.enable()
        self.addCleanup(override.disable)
        self.book_id = uuid.uuid4()
        self.content = cover_files.image_bytes("JPEG")
        self.name = default_storage.save(f"covers/{self.book_id}/abc123.jpg", ContentFile(self.content))

    def test_a_stored_cover_is_served_with_debug_off(self):
        self.assertFalse(settings.DEBUG)
        response = self.client.get(f"/media/{self.name}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), self.content)
        self.assertEqual(response["Content-Type"], "image/jpeg")
        self.assertEqual(response["Cache-Control"], "public, max-age=31536000, immutable")
        self.assertEqual(response["Content-Security-Policy"], "default-src 'none'; sandbox")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_head_is_allowed_and_writes_are_not(self):
        self.assertEqual(self.client.head(f"/media/{self.name}").status_code, 200)
        self.assertEqual(self.client.post(f"/media/{self.name}").status_code, 405)

    def test_only_cover_shaped_names_are_served(self):
        default_storage.save(f"covers/{self.book_id}/notes.html", ContentFile(b"<script>"))
        default_storage.save("exports/secret.jpg", ContentFile(self.content))
        for path in (
            f"/media/covers/{self.book_id}/notes.html",
            f"/media/covers/{self.book_id}/missing.jpg",
            "/media/covers/../exports/secret.jpg",
            "/media/covers/%2e%2e/exports/secret.jpg",
            f"/media/covers/{self.book_id}/../../exports/secret.jpg",
            "/media/exports/secret.jpg",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)


class S3CoverStorageTests(S3ServerMixin, SimpleTestCase):
    def test_a_cover_saved_to_s3_is_fetched_from_its_public_url_over_http(self):
        content = cover_files.image_bytes("JPEG")
        with self.s3_storage() as bucket:
            name = default_storage.save(f"covers/{uuid.uuid4()}/tok.jpg", ContentFile(content))
            url = default_storage.url(name)

            self.assertEqual(url, f"{self.s3_endpoint}/{bucket}/{name}")
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our local test server
                self.assertEqual(response.read(), content)
                self.assertEqual(response.headers["Content-Type"], "image/jpeg")
                self.assertEqual(response.headers["Cache-Control"], "public, max-age=31536000, immutable")

    def test_the_cover_view_streams_from_s3_too(self):
        content = cover_files.image_bytes("PNG")
        with self.s3_storage():
            name = default_storage.save(f"covers/{uuid.uuid4()}/tok.png", ContentFile(content))
            response = self.client.get(f"/media/{name}")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(b"".join(response.streaming_content), content)
            self.assertEqual(self.client.get(f"/media/{name[:-4]}x.png").status_code, 404)
