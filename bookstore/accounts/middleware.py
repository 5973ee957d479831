"""Session policy, two-factor authentication for staff, and no caching of personal pages.

Django has neither an idle timeout nor an absolute session lifetime: a session it saves is extended on
every write. ``SessionPolicyMiddleware`` keeps two timestamps in the session (sign-in time, set by
``bookstore.accounts.receivers``, and last activity) and signs the user out when either limit passes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from bookstore.accounts.selectors import user_has_totp

Handler = Callable[[HttpRequest], HttpResponse]

SESSION_AUTH_AT = "_bookstore_auth_at"
SESSION_SEEN_AT = "_bookstore_seen_at"
SESSION_STAFF_MFA = "_bookstore_staff_mfa"
# Activity is written back at most this often: a session save per request would be a write per request.
SEEN_RESOLUTION_SECONDS = 60


class SessionPolicyMiddleware:
    """Sign out a session idle for SESSION_IDLE_TIMEOUT_SECONDS or older than SESSION_ABSOLUTE_LIFETIME_SECONDS."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            auth_at = session.get(SESSION_AUTH_AT)
            seen_at = session.get(SESSION_SEEN_AT, auth_at)
            if auth_at is None:
                # A session signed in before this policy existed starts its clocks now.
                session[SESSION_AUTH_AT] = session[SESSION_SEEN_AT] = now
            elif now - auth_at > settings.SESSION_ABSOLUTE_LIFETIME_SECONDS or (
                seen_at is not None and now - seen_at > settings.SESSION_IDLE_TIMEOUT_SECONDS
            ):
                logout(request)
                messages.info(request, "Your session has expired. Please sign in again.")
            elif seen_at is None or now - seen_at >= SEEN_RESOLUTION_SECONDS:
                session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class StaffMfaRequiredMiddleware:
    """Staff reach the admin only with an authenticator app set up; until then they are sent to set it up."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_URL}"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.ACCOUNT_STAFF_MFA_REQUIRED
            and request.path.startswith(self.admin_prefix)
            and user.is_authenticated
            and user.is_staff
            and not self._has_totp(request)
        ):
            messages.warning(
                request, "Staff accounts need two-factor authentication: set up an authenticator app first."
            )
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)

    @staticmethod
    def _has_totp(request: HttpRequest) -> bool:
        # Remembered for the session once seen: staff cannot remove their authenticator themselves
        # (MfaAdapter.can_delete_authenticator), so the admin costs no extra query per page.
        if request.session.get(SESSION_STAFF_MFA) == request.user.pk:
            return True
        if user_has_totp(user=request.user):
            request.session[SESSION_STAFF_MFA] = request.user.pk
            return True
        return False


class PersonalPagesNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every account page (/accounts/: sign-in, profile, e-mail,
    two-factor set-up and recovery codes, sessions).

    Those pages show addresses, codes and sessions: no browser history cache or shared proxy may keep them.
    allauth's views send nothing themselves. Other pages for signed-in users get ``private`` from
    ``bookstore.caching``; a view that chose its own caching keeps it.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/accounts/") and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
        return response
