"""allauth's account and two-factor events, into the audit trail; and the sign-in time of a session.

The audit receivers only translate a signal into one ``audit_record`` call (logins, logouts and failed
logins are already recorded by ``bookstore.audit.receivers``). Secrets never reach the trail: MFA entries
name the kind of authenticator, never its data.
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from bookstore.accounts.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT
from bookstore.accounts.services import user_session_record
from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="accounts_session_clock")
def start_session_clock(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # Django has already rotated the session key; the absolute lifetime counts from this moment.
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_AUTH_AT] = session[SESSION_SEEN_AT] = time.time()


@receiver(user_logged_in, dispatch_uid="accounts_session_record")
def record_session(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    # allauth.usersessions records sign-ins made through allauth only; sessions started any other way
    # (the admin, support tools, tests) must be listed, and ended by "log out everywhere", too.
    if request is not None and getattr(request, "session", None) is not None:
        user_session_record(request=request, user=user)


@receiver(account_signals.user_signed_up, dispatch_uid="accounts_audit_signed_up")
def record_signed_up(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.USER_CREATED, actor=user, target=user, metadata={"via": "signup"})


@receiver(account_signals.password_changed, dispatch_uid="accounts_audit_password_changed")
def record_password_changed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.PASSWORD_CHANGED, actor=user, target=user)


@receiver(account_signals.password_set, dispatch_uid="accounts_audit_password_set")
def record_password_set(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.PASSWORD_CHANGED, actor=user, target=user, metadata={"first": True})


@receiver(account_signals.password_reset, dispatch_uid="accounts_audit_password_reset")
def record_password_reset(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    audit_record(action=AuditAction.PASSWORD_RESET, actor=user, target=user)


@receiver(account_signals.email_confirmed, dispatch_uid="accounts_audit_email_confirmed")
def record_email_confirmed(sender: Any, request: HttpRequest, email_address: Any, **kwargs: Any) -> None:
    user = email_address.user
    audit_record(action=AuditAction.EMAIL_CONFIRMED, actor=user, target=user)


@receiver(account_signals.email_added, dispatch_uid="accounts_audit_email_added")
def record_email_added(
    sender: Any, request: HttpRequest, user: Any, email_address: Any, **kwargs: Any
) -> None:
    audit_record(
        action=AuditAction.EMAIL_CHANGED, actor=user, target=user, metadata={"change": "added (unverified)"}
    )


@receiver(account_signals.email_removed, dispatch_uid="accounts_audit_email_removed")
def record_email_removed(
    sender: Any, request: HttpRequest, user: Any, email_address: Any, **kwargs: Any
) -> None:
    audit_record(action=AuditAction.EMAIL_CHANGED, actor=user, target=user, metadata={"change": "removed"})


@receiver(account_signals.email_changed, dispatch_uid="accounts_audit_email_changed")
def record_email_changed(
    sender: Any,
    request: HttpRequest,
    user: Any,
    from_email_address: Any,
    to_email_address: Any,
    **kwargs: Any,
) -> None:
    audit_record(
        action=AuditAction.EMAIL_CHANGED,
        actor=user,
        target=user,
        changes={
            "email": [getattr(from_email_address, "email", None), getattr(to_email_address, "email", None)]
        },
        metadata={"change": "primary"},
    )


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts_audit_mfa_added")
def record_authenticator_added(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        action=AuditAction.MFA_ENABLED, actor=user, target=user, metadata={"type": authenticator.type}
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts_audit_mfa_removed")
def record_authenticator_removed(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        action=AuditAction.MFA_DISABLED, actor=user, target=user, metadata={"type": authenticator.type}
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts_audit_mfa_reset")
def record_authenticator_reset(
    sender: Any, request: HttpRequest, user: Any, authenticator: Any, **kwargs: Any
) -> None:
    audit_record(
        action=AuditAction.MFA_ENABLED,
        actor=user,
        target=user,
        metadata={"type": authenticator.type, "regenerated": True},
    )
