"""Generated demo covers: a plain coloured card with the title, so a seeded catalog shows real images.

They go through :func:`bookstore.catalog.covers.services.book_cover_set` like a staff upload (validation,
re-encoding, audit entry, background thumbnails), so demo data exercises the real path, not a shortcut.
"""

from __future__ import annotations

import io
import random
import textwrap

from PIL import Image, ImageDraw

from bookstore.catalog.covers.services import book_cover_set
from bookstore.catalog.models import Book

WIDTH, HEIGHT = 400, 600


def demo_cover_png(title: str, *, seed: int) -> bytes:
    """A deterministic PNG cover for ``title`` (same title and seed → same bytes)."""
    rng = random.Random(f"{seed}:{title}")  # noqa: S311 - demo colours, not security
    background = tuple(rng.randrange(40, 200) for _ in range(3))
    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, WIDTH - 20, HEIGHT - 20), outline=(255, 255, 255), width=4)
    lines = textwrap.wrap(title, width=18)[:6]
    for row, line in enumerate(lines):
        draw.text((40, 60 + row * 40), line, fill=(255, 255, 255), font_size=28)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def demo_covers_create(*, count: int, seed: int) -> int:
    """Give the first ``count`` books (in id order) a generated cover; returns how many got one."""
    books = list(Book.objects.order_by("pk")[:count])
    for book in books:
        book_cover_set(actor=None, book=book, upload=io.BytesIO(demo_cover_png(book.title, seed=seed)))
    return len(books)
