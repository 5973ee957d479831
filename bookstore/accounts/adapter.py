"""How allauth talks to the rest of the site: our mail pipeline, our client address, our lockout.

- Mail: every message allauth sends (verification, reset, notifications, MFA notices) is rendered here and
  handed to :func:`bookstore.core.email.email_send_after_commit`, so it leaves by a background task after the
  transaction commits, with retries; a down mail server never turns sign-up into a 500.
- Client address: the one the audit trail records (``X-Forwarded-For`` as written by our own proxies), so
  rate limits and lockouts count the real client, not the load balancer.
- Lockout: a password login on a locked account or address is answered 429 with the retry time before the
  password is even checked; each failure is counted (see :mod:`bookstore.accounts.throttle`).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest

from bookstore.accounts.throttle import login_failure_record, login_lockout
from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_record
from bookstore.core.email import email_send_after_commit
from bookstore.core.request_context import client_ip

# A request without any address (Django's test client login, a management command) still needs a value for
# allauth's rate-limit keys and session rows; it can only come from inside the process.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder value, nothing binds to it


def _identifier(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = self.request
        ctx = {"email": email, "site_name": settings.SITE_NAME, **context}
        if request is not None:
            ctx.setdefault("request", request)
            from django.contrib.sites.shortcuts import get_current_site

            ctx.setdefault("current_site", get_current_site(request))
        message = self.render_mail(template_prefix, email, ctx)
        html = None
        if isinstance(message, EmailMultiAlternatives):
            html = next(
                (str(content) for content, mimetype in message.alternatives if mimetype == "text/html"), None
            )
        email_send_after_commit(
            to=list(message.to),
            subject=str(message.subject),
            body=str(message.body),
            html=html,
            from_email=message.from_email,
        )

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_ip(request, trusted_proxies=settings.TRUSTED_PROXY_COUNT) or UNKNOWN_ADDRESS

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        lockout = login_lockout(identifier=_identifier(credentials), ip=self.get_client_ip(request))
        if lockout is not None:
            from bookstore.accounts.views import too_many_requests

            raise ImmediateHttpResponse(too_many_requests(request, retry_after=lockout.retry_after))
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        identifier = _identifier(credentials)
        lockout = login_failure_record(identifier=identifier, ip=self.get_client_ip(request))
        if lockout is not None:
            audit_record(
                action=AuditAction.LOCKED_OUT,
                metadata={
                    "identifier": identifier[:254],
                    "scope": lockout.scope,
                    "retry_after": lockout.retry_after,
                },
            )


_ENCRYPTED_PREFIX = "fernet:"


def _mfa_fernet() -> MultiFernet:
    """Keys for two-factor secrets: MFA_ENCRYPTION_KEYS if set, else derived from SECRET_KEY (and its
    fallbacks, so secrets stay readable while a rotated key is still listed). The first key encrypts."""
    secrets = settings.MFA_ENCRYPTION_KEYS or [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"bookstore.mfa:{secret}".encode()).digest()))
            for secret in secrets
        ]
    )


class MfaAdapter(DefaultMFAAdapter):
    """Two-factor secrets (TOTP keys, recovery-code seeds) are stored encrypted, and staff keep their TOTP."""

    def encrypt(self, text: str) -> str:
        return _ENCRYPTED_PREFIX + _mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(_ENCRYPTED_PREFIX):
            return encrypted_text  # written before encryption was configured
        return _mfa_fernet().decrypt(encrypted_text.removeprefix(_ENCRYPTED_PREFIX).encode()).decode()

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Staff need an authenticator app for the admin; they cannot switch it off themselves.
        user = authenticator.user
        return not (
            settings.ACCOUNT_STAFF_MFA_REQUIRED
            and user.is_staff
            and authenticator.type == Authenticator.Type.TOTP
        )
