"""The e-mail outbox: every message the site sends is first a row, written in the caller's transaction.

The row is what makes e-mail durable. It commits (or rolls back) with the change that caused the message, so
a rolled-back sign-up mails nothing, and a committed one cannot lose its mail to a broker outage or a crash
between the commit and the hand-over to the broker: a periodic flush hands over anything still pending.
Delivery locks the row and marks it sent in one transaction, which makes the send task idempotent.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import models
from django.utils import timezone


class OutboxEmailQuerySet(models.QuerySet["OutboxEmail"]):
    def pending(self) -> OutboxEmailQuerySet:
        return self.filter(status=OutboxEmail.Status.PENDING)

    def stale(self, *, now: dt.datetime, after: dt.timedelta) -> OutboxEmailQuerySet:
        """Pending messages handed to the broker longer ago than ``after`` (or never): lost in transit."""
        return self.pending().filter(
            models.Q(enqueued_at__isnull=True) | models.Q(enqueued_at__lt=now - after)
        )

    def finished_before(self, moment: dt.datetime) -> OutboxEmailQuerySet:
        return self.exclude(status=OutboxEmail.Status.PENDING).filter(created_at__lt=moment)

    def addressed_to(self, address: str) -> OutboxEmailQuerySet:
        return self.filter(to__contains=[address])


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A JSON list of addresses (``to__contains=[address]`` finds a recipient's messages).
    to = models.JSONField()
    from_email = models.CharField(max_length=320, blank=True)
    subject = models.TextField()
    # Bodies can hold one-time links (password reset, export download): emptied once the message is sent.
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        ordering = ("created_at",)
        indexes = [
            models.Index(
                fields=["enqueued_at"],
                condition=models.Q(status="pending"),
                name="core_outbox_pending_idx",
            ),
            models.Index(fields=["created_at"], name="core_outbox_created_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["pending", "sent", "failed"]),
                name="core_outbox_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="core_outbox_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"E-mail {self.id} ({self.status})"
