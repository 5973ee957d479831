"""Reading the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog

_ACCESS_ACTIONS = (
    AuditAction.STAFF_GRANTED,
    AuditAction.SUPERUSER_GRANTED,
    AuditAction.GROUPS_CHANGED,
    AuditAction.PERMISSIONS_CHANGED,
)


def audit_log_about_user(*, user_id: int) -> QuerySet[AuditLog]:
    return AuditLog.objects.about_user(user_id).order_by("created_at", "id")


@dataclass(frozen=True)
class PrivilegedAccount:
    email: str
    is_superuser: bool
    groups: list[str]
    permissions: list[str]
    last_login: dt.datetime | None
    access_last_changed: dt.datetime | None
    unused: bool
    notes: list[str] = field(default_factory=list)


def privileged_accounts_review(
    *, unused_after_days: int = 90, now: dt.datetime | None = None
) -> list[PrivilegedAccount]:
    """Every staff or superuser account with its groups, direct permissions, grant time and use.

    Four queries whatever the number of accounts: users, their groups, their permissions, and one
    aggregate over the trail for the latest access change per user.
    """
    now = now or timezone.now()
    user_model: Any = get_user_model()
    users = list(
        user_model.objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
        .prefetch_related(
            "groups",
            Prefetch(
                "user_permissions",
                queryset=user_model.user_permissions.rel.model.objects.select_related("content_type"),
            ),
        )
        .order_by("email")
    )
    granted_at = dict(
        AuditLog.objects.filter(
            action__in=_ACCESS_ACTIONS, target_type="accounts.user", target_id__in=[str(u.pk) for u in users]
        )
        .values_list("target_id")
        .annotate(latest=Max("created_at"))
    )
    cutoff = now - dt.timedelta(days=unused_after_days)
    review = []
    for user in users:
        unused = user.last_login is None or user.last_login < cutoff
        review.append(
            PrivilegedAccount(
                email=user.email,
                is_superuser=user.is_superuser,
                groups=sorted(group.name for group in user.groups.all()),
                permissions=sorted(
                    f"{p.content_type.app_label}.{p.codename}" for p in user.user_permissions.all()
                ),
                last_login=user.last_login,
                access_last_changed=granted_at.get(str(user.pk)),
                unused=unused,
                notes=[f"unused for {unused_after_days}+ days"] if unused else [],
            )
        )
    return review
