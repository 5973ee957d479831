"""The cover fields of ``Book`` (mixed into the model, added by the catalog's cover migration).

A cover moves through ``none`` → ``pending`` (uploaded, cleaned, stored; thumbnails not made yet) →
``ready`` (both WebP thumbnails stored) or ``failed`` (with a reason; the page keeps its placeholder).
Every file field defaults to "" so bulk loaders can fill rows without knowing about covers.
"""

from __future__ import annotations

from django.db import models


class CoverStatus(models.TextChoices):
    NONE = "none", "No cover"
    PENDING = "pending", "Thumbnails being made"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class BookCoverFields(models.Model):
    # Not editable in ModelForms (the admin included): every upload must go through the cover service.
    cover = models.FileField(max_length=200, blank=True, default="", editable=False)
    cover_small = models.FileField(max_length=200, blank=True, default="", editable=False)
    cover_large = models.FileField(max_length=200, blank=True, default="", editable=False)
    cover_status = models.CharField(
        max_length=10, choices=CoverStatus, default=CoverStatus.NONE, editable=False
    )
    cover_error = models.CharField(max_length=200, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    @property
    def cover_thumbnail_small_url(self) -> str:
        return self.cover_small.url if self.cover_status == CoverStatus.READY and self.cover_small else ""

    @property
    def cover_thumbnail_large_url(self) -> str:
        return self.cover_large.url if self.cover_status == CoverStatus.READY and self.cover_large else ""
