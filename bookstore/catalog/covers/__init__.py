"""Book covers: validation and re-encoding of uploads, thumbnails, storage.

Every uploaded cover goes through :func:`bookstore.catalog.covers.images.cover_clean` before it is stored:
Pillow decodes it (JPEG, PNG and WebP only, size and pixel caps) and the pixels are re-encoded into a fresh
file, so metadata, appended payloads and polyglots never reach storage.
"""
