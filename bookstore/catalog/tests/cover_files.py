"""Real good and bad cover files, generated on the fly (nothing binary is committed)."""

from __future__ import annotations

import io
import os
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"


def image_bytes(fmt="JPEG", size=(60, 90), color=(200, 30, 30), mode="RGB", **save_options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def jpeg_with_metadata(size=(60, 90), orientation=None):
    """A JPEG carrying EXIF (camera, GPS-ish text), a comment and an ICC profile."""
    exif = Image.Exif()
    exif[0x010F] = "SpyCam"  # Make
    exif[0x0131] = "EvilEditor <script>"  # Software
    if orientation is not None:
        exif[0x0112] = orientation
    return image_bytes(
        "JPEG", size=size, exif=exif.tobytes(), comment=b"secret comment", icc_profile=b"\0" * 128
    )


def png_with_html_appended():
    return image_bytes("PNG") + HTML_PAYLOAD


def png_with_html_text_chunk():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", HTML_PAYLOAD.decode())
    return image_bytes("PNG", pnginfo=info)


def png_declaring(width, height):
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb's calling card."""
    data = bytearray(image_bytes("PNG", size=(1, 1), mode="L", color=0))
    # Signature (8 bytes), then the IHDR chunk: length (4), type (4), data (13), CRC (4).
    ihdr = bytearray(data[12:29])
    ihdr[4:12] = struct.pack(">II", width, height)
    data[12:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(data)


def real_bomb_png(width, height):
    """A genuine bi-level PNG of the given size: a few kilobytes that decode to ``width x height`` pixels."""
    return image_bytes("PNG", size=(width, height), mode="1", color=0, optimize=False)


def noise_png(side):
    """A PNG of random pixels: incompressible, so ``side`` controls the file size (≈ 3 x side² bytes)."""
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body onload='alert(1)'></body></html>"
SCRIPT = b"#!/bin/sh\nrm -rf --no-preserve-root /\n"


def upload(content, name="cover.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)
