"""The audit log: one append-only row per recorded event.

The actor is a nullable foreign key with ``SET_NULL`` plus a copy of the actor's id and label, so the trail
outlives the account. Rows cannot be updated or deleted through the ORM of an ordinary request: a database
trigger (see migration 0002) refuses UPDATE and DELETE unless the session says it is one of the two
maintenance operations (retention purge, erasure redaction).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from bookstore.audit.actions import AuditAction


class AuditLogQuerySet(models.QuerySet["AuditLog"]):
    def about_user(self, user_id: int) -> AuditLogQuerySet:
        """Entries the user made, or whose target is the user."""
        return self.filter(
            models.Q(actor_id_snapshot=user_id)
            | models.Q(target_type="accounts.user", target_id=str(user_id))
        )

    def older_than(self, moment: object) -> AuditLogQuerySet:
        return self.filter(created_at__lt=moment)


class AuditLog(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    # Copies that survive the actor's deletion; the label is scrubbed when the actor's data is erased.
    actor_id_snapshot = models.BigIntegerField(null=True, blank=True)
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64, choices=AuditAction.choices)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    metadata = models.JSONField(default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        default_permissions = ()
        permissions = [("view_audit_trail", "Can read the audit trail")]
        indexes = [
            models.Index(fields=["actor_id_snapshot", "-created_at"], name="audit_actor_time_idx"),
            models.Index(fields=["action", "-created_at"], name="audit_action_time_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.action} by {self.actor_label or 'system'}"
