"""Pillow work on covers: decide whether an upload is a safe image, re-encode it, make thumbnails.

Nothing here touches the database or storage; it takes bytes and returns bytes, so it is easy to test with
real bad files. Django's own ``ImageField`` is not enough: it accepts a 100-megapixel PNG (a decompression
bomb once decoded) and keeps whatever bytes follow the image (a PNG with HTML appended stays a valid PNG).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps

# Pillow format name -> file extension of the stored, re-encoded file.
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Markup and scripts start with text; naming them helps the person uploading understand the refusal.
_TEXT_SIGNATURES = (b"<", b"#!", b"\xef\xbb\xbf<")


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image: only pixels, no metadata, nothing after the image data."""

    content: bytes
    format: str
    extension: str
    width: int
    height: int


def _max_bytes() -> int:
    return int(settings.COVER_MAX_BYTES)


def _max_pixels() -> int:
    return int(settings.COVER_MAX_PIXELS)


def _read_capped(upload: IO[bytes]) -> bytes:
    """Read at most one byte past the cap, so an oversized upload is never read whole into memory."""
    limit = _max_bytes()
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            "The cover is larger than %(limit)s. Upload a smaller JPEG, PNG or WebP image.",
            code="file_too_large",
            params={"limit": filesizeformat(limit)},
        )
    if not data:
        raise ValidationError("The file is empty.", code="empty")
    return data


def _not_an_image(data: bytes) -> ValidationError:
    if data.lstrip(b" \t\r\n").startswith(_TEXT_SIGNATURES):
        return ValidationError(
            "This file is text (SVG, HTML or a script), not a picture. Upload a JPEG, PNG or WebP image.",
            code="not_an_image",
        )
    return ValidationError(
        "This file is not a JPEG, PNG or WebP image, or it is damaged.", code="not_an_image"
    )


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        "The image is %(width)sx%(height)s pixels; covers may have at most %(limit)s megapixels.",
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": f"{_max_pixels() / 1_000_000:g}"},
    )


def _open(data: bytes) -> Image.Image:
    """Open with only the accepted decoders; Pillow reads just the header here, nothing is decoded yet."""
    return Image.open(io.BytesIO(data), formats=list(ACCEPTED_FORMATS))


def decode(data: bytes) -> Image.Image:
    """Fully decode ``data`` into pixels, refusing anything that is not a safe JPEG, PNG or WebP image."""
    with warnings.catch_warnings():
        # Pillow warns (and above twice its limit raises) on huge images; our cap is lower and explicit, but
        # turn its warning into an error too so nothing big is ever decoded.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            header = _open(data)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                "The image has far too many pixels to be a cover.", code="too_many_pixels"
            ) from error
        except Exception as error:  # Pillow raises a zoo of exception types on hostile input
            raise _not_an_image(data) from error
        width, height = header.size
        if width * height > _max_pixels():
            raise _too_many_pixels(width, height)
        try:
            header.verify()  # checksums and structure, without decoding pixels
            image = _open(data)  # verify() leaves the image unusable: open again to decode
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels(width, height) from error
        except Exception as error:
            raise _not_an_image(data) from error
    return image


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding only the (upright) pixels: no EXIF, ICC, comments, text chunks or extra frames."""
    upright = ImageOps.exif_transpose(image) or image
    mode = "RGBA" if upright.has_transparency_data else "RGB"
    converted = upright.convert(mode)
    fresh = Image.new(mode, converted.size)
    fresh.paste(converted)
    return fresh


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.save(buffer, "WEBP", quality=85, method=4)
    return buffer.getvalue()


def cover_clean(upload: IO[bytes]) -> CleanImage:
    """Validate an uploaded cover and return it re-encoded in its own format with metadata stripped.

    Raises ``ValidationError`` with a message fit for the form: too large, not an image (SVG, HTML, script,
    another format, damaged) or too many pixels.
    """
    data = _read_capped(upload)
    image = decode(data)
    image_format = str(image.format)
    clean = _pixels_only(image)
    return CleanImage(
        content=_encode(clean, image_format),
        format=image_format,
        extension=ACCEPTED_FORMATS[image_format],
        width=clean.width,
        height=clean.height,
    )


def thumbnail(data: bytes, *, width: int) -> bytes:
    """A WebP at most ``width`` pixels wide (never enlarged), keeping the aspect ratio.

    ``data`` is a stored cover, already cleaned; it is still decoded with the same caps, because storage
    may hold files written before these checks or by someone else.
    """
    image = _pixels_only(decode(data))
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", quality=82, method=4)
    return buffer.getvalue()
