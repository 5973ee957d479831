"""Framework events we cannot call the audit service from ourselves: logins, admin saves, access changes.

Each receiver only translates the signal into one ``audit_record`` call. Changes to staff/superuser flags,
groups and permissions are caught here whatever made them (admin, shell, a service), because elevated access
is exactly what must never change unrecorded.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_record
from bookstore.core.request_context import get_request_context

User = get_user_model()

_ACCESS_FLAGS = {
    "is_staff": (AuditAction.STAFF_GRANTED, AuditAction.STAFF_REVOKED),
    "is_superuser": (AuditAction.SUPERUSER_GRANTED, AuditAction.SUPERUSER_REVOKED),
}


@receiver(user_logged_in, dispatch_uid="audit_login")
def record_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.LOGIN, actor=user, target=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def record_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, target=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def record_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django has already masked the password in ``credentials``; keep only the identifier that was tried.
    identifier = str(
        credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    )
    audit_record(action=AuditAction.LOGIN_FAILED, metadata={"identifier": identifier[:254]})


@receiver(pre_save, sender=User, dispatch_uid="audit_access_before")
def remember_access_flags(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        instance._audit_access_before = dict.fromkeys(_ACCESS_FLAGS, False)
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and not set(update_fields) & set(_ACCESS_FLAGS):
        instance._audit_access_before = None  # this save cannot change access: skip the lookup
        return
    instance._audit_access_before = sender.objects.filter(pk=instance.pk).values(
        *_ACCESS_FLAGS
    ).first() or dict.fromkeys(_ACCESS_FLAGS, False)


@receiver(post_save, sender=User, dispatch_uid="audit_access_after")
def record_access_flag_changes(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    before = getattr(instance, "_audit_access_before", None)
    if raw or before is None:
        return
    for flag, (granted, revoked) in _ACCESS_FLAGS.items():
        old, new = bool(before.get(flag)), bool(getattr(instance, flag))
        if old != new:
            audit_record(
                action=granted if new else revoked,
                actor=get_request_context().user,
                target=instance,
                changes={flag: [old, new]},
            )


def _record_m2m(action: AuditAction, instance: Any, change: str, model: Any, pk_set: set[Any] | None) -> None:
    names = sorted(str(item) for item in model.objects.filter(pk__in=pk_set or ())) if pk_set else []
    audit_record(
        action=action,
        actor=get_request_context().user,
        target=instance,
        metadata={"change": change, "items": names},
    )


def _m2m_receiver(action: AuditAction) -> Any:
    def handler(
        sender: Any, instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kwargs: Any
    ) -> None:
        if reverse:
            # e.g. group.user_set.add(user): the "instance" is the group; record against each user.
            if action in ("post_add", "post_remove"):
                for user in model.objects.filter(pk__in=pk_set or ()):
                    _record_m2m(
                        audit_action, user, action.removeprefix("post_"), type(instance), {instance.pk}
                    )
            return
        if action in ("post_add", "post_remove"):
            _record_m2m(audit_action, instance, action.removeprefix("post_"), model, pk_set)
        elif action == "pre_clear":
            current = set(getattr(instance, field_name).values_list("pk", flat=True))
            if current:
                _record_m2m(audit_action, instance, "clear", model, current)

    audit_action = action
    field_name = {
        AuditAction.GROUPS_CHANGED: "groups",
        AuditAction.PERMISSIONS_CHANGED: "user_permissions",
        AuditAction.GROUP_PERMISSIONS_CHANGED: "permissions",
    }[action]
    return handler


_groups_changed = _m2m_receiver(AuditAction.GROUPS_CHANGED)
_permissions_changed = _m2m_receiver(AuditAction.PERMISSIONS_CHANGED)
_group_permissions_changed = _m2m_receiver(AuditAction.GROUP_PERMISSIONS_CHANGED)
m2m_changed.connect(_groups_changed, sender=User.groups.through, dispatch_uid="audit_groups")
m2m_changed.connect(
    _permissions_changed, sender=User.user_permissions.through, dispatch_uid="audit_permissions"
)
m2m_changed.connect(
    _group_permissions_changed, sender=Group.permissions.through, dispatch_uid="audit_group_perms"
)

_ADMIN_ACTIONS = {
    ADDITION: AuditAction.ADMIN_ADDED,
    CHANGE: AuditAction.ADMIN_CHANGED,
    DELETION: AuditAction.ADMIN_DELETED,
}


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_admin_log")
def record_admin_action(
    sender: Any, instance: LogEntry, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    # The admin writes a LogEntry inside the same transaction as each add, change and delete it makes.
    if not created or raw:
        return
    content_type = instance.content_type
    audit_record(
        action=_ADMIN_ACTIONS[instance.action_flag],
        actor=instance.user,
        target_ref=(
            f"{content_type.app_label}.{content_type.model}" if content_type else "",
            str(instance.object_id or ""),
            instance.object_repr,
        ),
        metadata={"message": instance.get_change_message()},
    )
