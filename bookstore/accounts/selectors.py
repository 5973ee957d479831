"""Reading accounts: e-mail addresses, two-factor status and sessions of one user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.db.models import QuerySet


def user_email_addresses(*, user: Any) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user).order_by("-primary", "email")


def user_has_totp(*, user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@dataclass(frozen=True)
class MfaStatus:
    totp: bool
    recovery_codes_left: int | None  # None: no recovery codes set up

    @property
    def enabled(self) -> bool:
        return self.totp


def user_mfa_status(*, user: Any) -> MfaStatus:
    by_type = {auth.type: auth for auth in Authenticator.objects.filter(user=user)}
    codes = by_type.get(Authenticator.Type.RECOVERY_CODES)
    return MfaStatus(
        totp=Authenticator.Type.TOTP in by_type,
        recovery_codes_left=len(codes.wrap().get_unused_codes()) if codes is not None else None,
    )


def user_sessions(*, user: Any) -> QuerySet[UserSession]:
    """The user's signed-in sessions, newest first (rows are written at each sign-in)."""
    return UserSession.objects.filter(user=user).order_by("-created_at")


def user_auth_records_count(*, user: Any) -> dict[str, int]:
    """How many sign-in records (allauth's tables) the account has, for the erasure plan."""
    return {
        "e-mail addresses to delete": EmailAddress.objects.filter(user=user).count(),
        "two-factor authenticators to delete": Authenticator.objects.filter(user=user).count(),
        "session records to delete": UserSession.objects.filter(user=user).count(),
    }
