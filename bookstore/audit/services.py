"""Writing to the audit trail.

``audit_record`` is the one way an entry is written. Services call it inside the same transaction as the
change they record, so a rolled-back change leaves no entry and a committed change always has one.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from bookstore.audit.actions import SECURITY_PREFIXES, AuditAction
from bookstore.audit.models import AuditLog
from bookstore.core.request_context import get_request_context

REDACTED = "[redacted]"
# A field whose name says it holds a secret is recorded as changed, never with its value.
_SECRET_FIELD = re.compile(r"password|secret|token|otp|totp|recovery|api_key|private|hash", re.IGNORECASE)
_MAX_VALUE_LENGTH = 500


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value[:_MAX_VALUE_LENGTH] if isinstance(value, str) else value
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_json_safe(item) for item in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "name"):  # files: record the stored name, never the content
        return str(value.name or "")
    return str(value)[:_MAX_VALUE_LENGTH]


def _redact(field: str, value: Any) -> Any:
    return REDACTED if _SECRET_FIELD.search(field) and value not in (None, "") else value


def audit_snapshot(instance: models.Model, *, fields: Iterable[str]) -> dict[str, Any]:
    """The JSON-safe values of ``fields`` on ``instance`` (foreign keys by id), secrets redacted."""
    snapshot: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname) if field.concrete else getattr(instance, name)
        if isinstance(field, models.ManyToManyField):
            value = sorted(str(pk) for pk in value.values_list("pk", flat=True))
        snapshot[name] = _redact(name, _json_safe(value))
    return snapshot


def audit_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose values differ."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def _actor_label(actor: Any) -> str:
    return str(getattr(actor, "email", "") or actor)[:254]


def audit_record(
    *,
    action: AuditAction | str,
    actor: Any = None,
    target: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    metadata: Mapping[str, Any] | None = None,
    target_ref: tuple[str, str, str] | None = None,
) -> AuditLog:
    """Record one event. Call it inside the transaction that makes the change.

    ``target_ref`` (type, id, label) names a target that is no longer (or not) loaded as an instance.
    """
    action = AuditAction(action)  # refuses an action nobody declared
    context = get_request_context()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None  # AnonymousUser
    if target is not None:
        target_type, target_id, target_label = target._meta.label_lower, str(target.pk or ""), str(target)
    else:
        target_type, target_id, target_label = target_ref or ("", "", "")
    entry = AuditLog(
        actor=actor,
        actor_id_snapshot=actor.pk if actor is not None else None,
        actor_label=_actor_label(actor) if actor is not None else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:200],
        ip_address=context.ip_address,
        user_agent=context.user_agent,
        request_id=context.request_id if context.request_id != "-" else "",
        changes={
            name: [_redact(name, _json_safe(value)) for value in values]
            for name, values in (changes or {}).items()
        },
        metadata=_json_safe(dict(metadata or {})),
    )
    entry.save(force_insert=True)
    return entry


def _enter_maintenance() -> None:
    """Allow this transaction to update or delete audit rows (the trigger checks this setting)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL bookstore.audit_maintenance = 'on'")


def audit_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete entries past their retention; security events may be kept longer. Returns the number deleted."""
    now = now or timezone.now()
    ordinary_cutoff = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    security_cutoff = now - dt.timedelta(days=settings.AUDIT_SECURITY_RETENTION_DAYS)
    is_security = Q()
    for prefix in SECURITY_PREFIXES:
        is_security |= Q(action__startswith=prefix)
    expired = AuditLog.objects.filter(
        (~is_security & Q(created_at__lt=ordinary_cutoff)) | (is_security & Q(created_at__lt=security_cutoff))
    )
    with transaction.atomic():
        _enter_maintenance()
        deleted, _ = expired.delete()
        if deleted:
            audit_record(action=AuditAction.PURGED, metadata={"deleted": deleted})
    return deleted


def audit_redact_actor(*, user_id: int, email: str, placeholder: str) -> int:
    """Scrub personal values from entries about an erased user; the events themselves stay.

    Called by the privacy erasure inside its transaction. Returns the number of rows changed.
    """
    _enter_maintenance()
    about = AuditLog.objects.about_user(user_id)
    changed = about.filter(actor_id_snapshot=user_id).update(
        actor_label=placeholder, ip_address=None, user_agent=""
    )
    changed += about.filter(target_type="accounts.user", target_id=str(user_id)).update(
        target_label=placeholder, changes={}, metadata={}
    )
    # Failed logins name the address that was tried, with no link to the account.
    changed += AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED, metadata__identifier=email).update(
        metadata={"identifier": placeholder}, ip_address=None, user_agent=""
    )
    return changed
