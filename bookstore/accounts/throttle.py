"""Brute-force protection for password logins: failure counters in the shared cache.

Each failed login counts against the address that was tried and against the client's IP address. Once
either reaches its limit inside the window (by default 5 per account or 20 per address in 15 minutes),
every further attempt on it, right password or not, is answered 429 until the window that began with the
first failure ends. The counters live in Django's cache, which is Redis in production, so every web
process sees the same numbers; ``cache.incr`` is atomic there.

A successful login does not reset the counters: an attacker who owns one account could otherwise interleave
good logins with guesses against another from the same address.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from bookstore.accounts.managers import normalize_email_address

_PREFIX = "accounts:login-failures"


@dataclass(frozen=True)
class Lockout:
    """A refused login: which counter is full and how many seconds until it empties."""

    scope: str  # "account" or "ip"
    retry_after: int

    @property
    def retry_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _counters(*, identifier: str, ip: str | None) -> list[tuple[str, str, int]]:
    """(scope, cache key, limit) for each counter this attempt belongs to."""
    digest = hashlib.sha256(normalize_email_address(identifier).encode()).hexdigest()
    counters = [("account", f"{_PREFIX}:account:{digest}", settings.ACCOUNT_LOCKOUT_FAILURES)]
    if ip:
        counters.append(("ip", f"{_PREFIX}:ip:{ip}", settings.ACCOUNT_LOCKOUT_IP_FAILURES))
    return counters


def login_lockout(*, identifier: str, ip: str | None, now: float | None = None) -> Lockout | None:
    """The lockout in force for this identifier or address, if any."""
    now = time.time() if now is None else now
    counters = _counters(identifier=identifier, ip=ip)
    values = cache.get_many([key for _, key, _ in counters] + [f"{key}:until" for _, key, _ in counters])
    for scope, key, limit in counters:
        until = values.get(f"{key}:until")
        if values.get(key, 0) >= limit and until is not None and until > now:
            return Lockout(scope=scope, retry_after=max(1, math.ceil(until - now)))
    return None


def login_failure_record(*, identifier: str, ip: str | None, now: float | None = None) -> Lockout | None:
    """Count one failed login; returns the lockout this failure started, if it started one."""
    now = time.time() if now is None else now
    window = settings.ACCOUNT_LOCKOUT_WINDOW_SECONDS
    started = None
    for scope, key, limit in _counters(identifier=identifier, ip=ip):
        # The window opens with the first failure and both keys expire with it.
        cache.add(f"{key}:until", now + window, timeout=window)
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window closed between add and incr
            cache.set(f"{key}:until", now + window, timeout=window)
            cache.set(key, 1, timeout=window)
            count = 1
        if count == limit and started is None:
            until = cache.get(f"{key}:until", now + window)
            started = Lockout(scope=scope, retry_after=max(1, math.ceil(until - now)))
    return started


def login_failures_clear(*, identifier: str) -> None:
    """Forget an account's failures (after its owner proved control of the mailbox by a password reset)."""
    ((_, key, _),) = _counters(identifier=identifier, ip=None)
    cache.delete_many([key, f"{key}:until"])


# allauth's rate-limited views and the action each counts against (see ACCOUNT_RATE_LIMITS).
_ALLAUTH_ACTIONS = {
    "account_login": "login",
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_email": "manage_email",
    "account_email_verification_sent": "confirm_email",
    "account_change_password": "change_password",
    "account_reauthenticate": "reauthenticate",
    "mfa_authenticate": "login_failed",
    "mfa_reauthenticate": "login_failed",
}
DEFAULT_RETRY_AFTER = 60


def rate_limit_retry_after(*, url_name: str | None) -> int:
    """The longest window among the limits of the view that refused the request: an honest upper bound."""
    from allauth.core.internal.ratelimit import get_rates

    action = _ALLAUTH_ACTIONS.get(url_name or "")
    if action is None:
        return DEFAULT_RETRY_AFTER
    rates = get_rates(app="allauth.account", action=action)
    return max((math.ceil(rate.duration) for rate in rates), default=DEFAULT_RETRY_AFTER)
