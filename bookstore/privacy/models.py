"""A reader's request for a copy of their data."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models


def private_storage() -> Storage:
    # Exports never live under MEDIA_URL: they are served only through the signed, owner-checked view.
    return storages["private"]


class DataExportQuerySet(models.QuerySet["DataExport"]):
    def expired(self, now: object) -> DataExportQuerySet:
        return self.filter(status=DataExport.Status.READY, expires_at__lt=now)

    def in_progress(self) -> DataExportQuerySet:
        return self.filter(status=DataExport.Status.PENDING)


class DataExport(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Being prepared"
        READY = "ready", "Ready to download"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ("-requested_at",)
        indexes = [models.Index(fields=["status", "expires_at"], name="privacy_export_expiry_idx")]
        constraints = [
            # At most one export being prepared per reader: repeated clicks cannot queue a pile of ZIPs.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="privacy_one_pending_export_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Export {self.id} ({self.status})"
