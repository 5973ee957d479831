"""Cover validation and re-encoding against real good and bad files."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, override_settings
from PIL import Image

from bookstore.catalog.covers.images import cover_clean, thumbnail
from bookstore.catalog.tests import cover_files


def refusal(content):
    with pytest.raises(ValidationError) as caught:
        cover_clean(io.BytesIO(content))
    return caught.value


class AcceptedCoverTests(SimpleTestCase):
    def test_jpeg_is_reencoded_without_exif_comment_or_icc(self):
        original = cover_files.jpeg_with_metadata()
        self.assertIn(b"SpyCam", original)
        self.assertIn(b"secret comment", original)

        clean = cover_clean(io.BytesIO(original))

        self.assertEqual((clean.format, clean.extension, clean.width, clean.height), ("JPEG", "jpg", 60, 90))
        self.assertNotIn(b"SpyCam", clean.content)
        self.assertNotIn(b"secret comment", clean.content)
        self.assertNotIn(b"<script>", clean.content)
        reopened = Image.open(io.BytesIO(clean.content))
        self.assertEqual(reopened.format, "JPEG")
        self.assertEqual(dict(reopened.getexif()), {})
        self.assertNotIn("icc_profile", reopened.info)
        self.assertNotIn("comment", reopened.info)

    def test_exif_orientation_is_applied_before_it_is_stripped(self):
        # Orientation 6: the camera was turned; the upright picture is 90 wide and 60 high.
        clean = cover_clean(io.BytesIO(cover_files.jpeg_with_metadata(size=(60, 90), orientation=6)))
        self.assertEqual((clean.width, clean.height), (90, 60))

    def test_png_with_html_appended_is_neutralised(self):
        original = cover_files.png_with_html_appended()
        self.assertTrue(original.endswith(cover_files.HTML_PAYLOAD))

        clean = cover_clean(io.BytesIO(original))

        self.assertEqual(clean.format, "PNG")
        self.assertNotIn(b"<script>", clean.content)
        self.assertNotIn(b"<html>", clean.content)
        # Nothing after the IEND chunk (its 4-byte type and 4-byte CRC end the file).
        self.assertEqual(clean.content[-8:-4], b"IEND")

    def test_png_text_chunks_are_dropped(self):
        original = cover_files.png_with_html_text_chunk()
        self.assertIn(b"<script>", original)
        clean = cover_clean(io.BytesIO(original))
        self.assertNotIn(b"<script>", clean.content)
        self.assertEqual(Image.open(io.BytesIO(clean.content)).info, {})

    def test_webp_stays_webp_and_png_keeps_transparency(self):
        webp = cover_clean(io.BytesIO(cover_files.image_bytes("WEBP")))
        self.assertEqual((webp.format, webp.extension), ("WEBP", "webp"))
        png = cover_clean(io.BytesIO(cover_files.image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))))
        self.assertEqual(Image.open(io.BytesIO(png.content)).mode, "RGBA")

    def test_the_extension_follows_the_content_not_the_uploaded_name(self):
        # A PNG named .jpg is still a PNG and is stored as one.
        clean = cover_clean(cover_files.upload(cover_files.image_bytes("PNG"), name="cover.jpg"))
        self.assertEqual(clean.extension, "png")


class RefusedCoverTests(SimpleTestCase):
    def test_svg_html_and_scripts_renamed_jpg_are_refused_as_text(self):
        for content in (cover_files.SVG, cover_files.HTML, cover_files.SCRIPT, b"\n  " + cover_files.SVG):
            with self.subTest(content=content[:20]):
                error = refusal(content)
                self.assertEqual(error.code, "not_an_image")
                self.assertIn("text (SVG, HTML or a script)", error.messages[0])

    def test_other_image_formats_are_refused(self):
        for fmt in ("GIF", "BMP", "TIFF", "ICO"):
            with self.subTest(fmt=fmt):
                error = refusal(cover_files.image_bytes(fmt, size=(32, 32)))
                self.assertEqual(error.code, "not_an_image")
                self.assertEqual(
                    error.messages, ["This file is not a JPEG, PNG or WebP image, or it is damaged."]
                )

    def test_truncated_and_corrupt_images_are_refused(self):
        jpeg = cover_files.image_bytes("JPEG", size=(300, 300))
        png = cover_files.image_bytes("PNG", size=(300, 300))
        corrupt_png = png[:40] + bytes(b ^ 0xFF for b in png[40:60]) + png[60:]
        for content in (jpeg[: len(jpeg) // 2], png[: len(png) // 2], corrupt_png, b"\xff\xd8\xff"):
            with self.subTest(size=len(content)):
                self.assertEqual(refusal(content).code, "not_an_image")

    def test_empty_file_is_refused(self):
        self.assertEqual(refusal(b"").code, "empty")

    def test_a_file_over_five_megabytes_is_refused(self):
        content = cover_files.noise_png(1400)  # ≈ 5.9 MB of incompressible pixels
        self.assertGreater(len(content), 5 * 1024 * 1024)
        error = refusal(content)
        self.assertEqual(error.code, "file_too_large")
        self.assertIn("5.0\xa0MB", error.messages[0])

    def test_a_header_claiming_a_billion_pixels_is_refused_before_decoding(self):
        error = refusal(cover_files.png_declaring(40_000, 40_000))
        self.assertEqual(error.code, "too_many_pixels")

    def test_a_real_decompression_bomb_is_refused(self):
        # 20,000 x 10,000 bi-level pixels: about 25 kB on disk, 200 megapixels decoded (over Pillow's limit).
        bomb = cover_files.real_bomb_png(20_000, 10_000)
        self.assertLess(len(bomb), 100_000)
        error = refusal(bomb)
        self.assertEqual(error.code, "too_many_pixels")

    def test_the_explicit_pixel_cap_is_below_pillows(self):
        # 6,000 x 5,000 = 30 megapixels: Pillow would decode it without a warning; our cap refuses it.
        content = cover_files.real_bomb_png(6_000, 5_000)
        self.assertLess(6_000 * 5_000, Image.MAX_IMAGE_PIXELS)
        error = refusal(content)
        self.assertEqual(error.code, "too_many_pixels")
        self.assertEqual(
            error.messages, ["The image is 6000x5000 pixels; covers may have at most 25 megapixels."]
        )

    @override_settings(COVER_MAX_PIXELS=100 * 100)
    def test_the_pixel_cap_is_a_setting(self):
        self.assertEqual(refusal(cover_files.image_bytes("PNG", size=(101, 100))).code, "too_many_pixels")
        self.assertEqual(cover_clean(io.BytesIO(cover_files.image_bytes("PNG", size=(100, 100)))).width, 100)


class ThumbnailTests(SimpleTestCase):
    def test_thumbnail_is_webp_scaled_to_the_width_keeping_the_ratio(self):
        data = cover_files.image_bytes("JPEG", size=(600, 900))
        image = Image.open(io.BytesIO(thumbnail(data, width=200)))
        self.assertEqual((image.format, image.size), ("WEBP", (200, 300)))

    def test_thumbnail_never_enlarges(self):
        data = cover_files.image_bytes("PNG", size=(120, 180))
        self.assertEqual(Image.open(io.BytesIO(thumbnail(data, width=400))).size, (120, 180))

    def test_thumbnail_of_a_corrupt_file_raises_a_validation_error(self):
        with pytest.raises(ValidationError):
            thumbnail(b"GIF89a not really", width=200)
