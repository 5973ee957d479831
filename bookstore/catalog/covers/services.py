"""Cover writes: upload (validate, re-encode, store, audit) and thumbnails (made in the background).

The upload service cleans the file before anything is stored, stores it under a new random name (names are
never reused, so every URL can be cached forever), and switches the book to it in one transaction with its
audit entry; the thumbnail task and the deletion of the previous files run after commit.
"""

from __future__ import annotations

import logging
import secrets
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_record
from bookstore.catalog.covers.images import cover_clean, thumbnail
from bookstore.catalog.covers.models import CoverStatus
from bookstore.catalog.models import Book
from bookstore.catalog.signals import catalog_changed_after_commit

logger = logging.getLogger(__name__)
_COVER_FIELDS = ["cover", "cover_small", "cover_large", "cover_status", "cover_error", "updated"]


def _delete_files(names: list[str]) -> None:
    for name in names:
        if not name:
            continue
        try:
            default_storage.delete(name)
        except OSError:  # a leftover file wastes space but breaks nothing: log it and move on
            logger.warning("Could not delete old cover file %s", name, exc_info=True)


def book_cover_set(*, actor: Any, book: Book, upload: IO[bytes]) -> Book:
    """Replace the book's cover with ``upload``; ``ValidationError`` (nothing stored) if it is not a safe image."""
    clean = cover_clean(upload)
    name = default_storage.save(
        f"covers/{book.pk}/{secrets.token_urlsafe(12)}.{clean.extension}", ContentFile(clean.content)
    )
    try:
        with transaction.atomic():
            book = Book.objects.select_for_update().get(pk=book.pk)
            previous = [str(field.name or "") for field in (book.cover, book.cover_small, book.cover_large)]
            book.cover.name, book.cover_small.name, book.cover_large.name = name, "", ""
            book.cover_status, book.cover_error = CoverStatus.PENDING, ""
            book.save(update_fields=_COVER_FIELDS)
            audit_record(
                action=AuditAction.BOOK_COVER_SET,
                actor=actor,
                target=book,
                changes={"cover": [previous[0], name]},
                metadata={
                    "format": clean.format,
                    "width": clean.width,
                    "height": clean.height,
                    "bytes": len(clean.content),
                },
            )
            book_id = str(book.pk)
            transaction.on_commit(lambda: _enqueue_thumbnails(book_id))
            transaction.on_commit(lambda: _delete_files(previous))
            catalog_changed_after_commit(sender=Book, book_ids=[book.pk])
    except BaseException:
        _delete_files([name])  # the database never pointed at it
        raise
    return book


def _enqueue_thumbnails(book_id: str) -> None:
    from bookstore.catalog.covers.tasks import book_cover_thumbnails_task

    book_cover_thumbnails_task.delay(book_id)


def _fail(book_id: Any, cover_name: str, reason: str) -> str:
    with transaction.atomic():
        updated = Book.objects.filter(pk=book_id, cover=cover_name).update(
            cover_status=CoverStatus.FAILED, cover_error=reason[:200]
        )
        if updated:
            catalog_changed_after_commit(sender=Book, book_ids=[book_id])
    logger.warning("Cover thumbnails failed for book %s: %s", book_id, reason)
    return CoverStatus.FAILED


def book_cover_thumbnails_build(*, book_id: Any) -> str:
    """Make the two WebP thumbnails of the book's current cover. Returns the cover status afterwards.

    Idempotent: a book whose thumbnails exist, or without a cover, is left alone. A cover that cannot be
    decoded (or has vanished) marks the book ``failed`` with the reason: retrying cannot help it. Storage
    outages raise ``OSError`` so the task retries.
    """
    book = (
        Book.objects.filter(pk=book_id)
        .only("pk", "cover", "cover_small", "cover_large", "cover_status")
        .first()
    )
    if book is None or not book.cover:
        return CoverStatus.NONE
    if book.cover_status == CoverStatus.READY and book.cover_small and book.cover_large:
        return CoverStatus.READY
    cover_name = str(book.cover.name)
    try:
        with default_storage.open(cover_name, "rb") as handle:
            data = handle.read(int(settings.COVER_MAX_BYTES) + 1)
    except FileNotFoundError:
        return _fail(book_id, cover_name, "The cover file is missing from storage.")
    try:
        if len(data) > int(settings.COVER_MAX_BYTES):
            raise ValidationError("The stored cover is larger than the upload limit.")
        made = {size: thumbnail(data, width=width) for size, width in settings.COVER_THUMBNAIL_WIDTHS.items()}
    except ValidationError as error:
        return _fail(book_id, cover_name, f"The stored cover cannot be read: {' '.join(error.messages)}")

    stem = cover_name.rsplit(".", 1)[0]
    names = {
        size: default_storage.save(
            f"{stem}-{settings.COVER_THUMBNAIL_WIDTHS[size]}.webp", ContentFile(content)
        )
        for size, content in made.items()
    }
    with transaction.atomic():
        book = Book.objects.select_for_update().get(pk=book.pk)
        if book.cover.name != cover_name:  # replaced while we worked: that upload has its own task
            transaction.on_commit(lambda: _delete_files(list(names.values())))
            return str(book.cover_status)
        stale = [str(book.cover_small.name or ""), str(book.cover_large.name or "")]
        book.cover_small.name, book.cover_large.name = names["small"], names["large"]
        book.cover_status, book.cover_error = CoverStatus.READY, ""
        book.save(update_fields=_COVER_FIELDS)
        transaction.on_commit(lambda: _delete_files([name for name in stale if name not in names.values()]))
        catalog_changed_after_commit(sender=Book, book_ids=[book.pk])
    return CoverStatus.READY
