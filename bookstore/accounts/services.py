"""Writes on accounts: profile changes, ending sessions, creating verified accounts (demo data, support).

Each write records its audit entry inside its own transaction.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from bookstore.accounts.managers import normalize_email_address
from bookstore.accounts.models import User
from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_diff, audit_record, audit_snapshot


def user_profile_update(*, user: User, display_name: str) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        before = audit_snapshot(user, fields=["display_name"])
        user.display_name = display_name.strip()
        changes = audit_diff(before, audit_snapshot(user, fields=["display_name"]))
        if changes:
            user.save(update_fields=["display_name"])
            audit_record(action=AuditAction.USER_UPDATED, actor=user, target=user, changes=changes)
    return user


def user_session_record(*, request: HttpRequest, user: Any) -> UserSession:
    """The "where you are signed in" row for this request's session (idempotent per session key)."""
    from allauth.account.adapter import get_adapter

    if not request.session.session_key:
        request.session.save()
    max_agent = UserSession._meta.get_field("user_agent").max_length
    session, _ = UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip": get_adapter().get_client_ip(request),
            "user_agent": request.headers.get("User-Agent", "")[:max_agent],
        },
    )
    return session


def user_sessions_end(*, user: Any, keep_session_key: str | None = None, reason: str) -> int:
    """End every signed-in session of ``user`` except ``keep_session_key``; returns how many ended.

    Sessions are found through allauth's ``UserSession`` rows (one per sign-in), so this costs two queries
    whatever the size of the session table.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    with transaction.atomic():
        rows = UserSession.objects.select_for_update().filter(user_id=user.pk)
        if keep_session_key:
            rows = rows.exclude(session_key=keep_session_key)
        ended = 0
        for key in rows.values_list("session_key", flat=True):
            store = store_class()
            if store.exists(key):  # rows of sessions that already ended (a rotated key) are only tidied
                store.delete(key)
                ended += 1
        rows.delete()
        audit_record(
            action=AuditAction.SESSIONS_ENDED,
            actor=user,
            target=user,
            metadata={"ended": ended, "kept_current": bool(keep_session_key), "reason": reason},
        )
    return ended


def user_create_verified(*, email: str, password: str, display_name: str = "", actor: Any = None) -> User:
    """An account whose address is already verified (demo data, accounts created by support)."""
    email = normalize_email_address(email)
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, display_name=display_name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        audit_record(action=AuditAction.USER_CREATED, actor=actor, target=user, metadata={"verified": True})
    return user


def user_email_mark_verified(*, user: User) -> EmailAddress:
    """Make the account's own address its verified primary address (accounts from before verification)."""
    with transaction.atomic():
        address, created = EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        if not created and not (address.verified and address.primary):
            address.verified = address.primary = True
            address.save(update_fields=["verified", "primary"])
            created = True
        if created:
            audit_record(action=AuditAction.EMAIL_CONFIRMED, target=user, metadata={"by": "support"})
    return address


def user_mfa_code_check(*, user: Any, code: str) -> bool:
    """Whether ``code`` is a valid current TOTP code or an unused recovery code of ``user``.

    A recovery code that matches is used up, and a TOTP code cannot be replayed (allauth remembers it).
    """
    code = code.strip().replace(" ", "")
    if not code:
        return False
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ):
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False


def user_auth_records_delete(*, user: Any) -> None:
    """Delete the account's sign-in records: e-mail addresses (and their pending confirmations), two-factor
    authenticators, and session records with their sessions. Called by the privacy erasure inside its
    transaction, which records the audit entry."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    for key in UserSession.objects.filter(user=user).values_list("session_key", flat=True):
        store_class(key).delete()
    UserSession.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()  # cascades to EmailConfirmation
