"""Request rates: anonymous clients by address, signed-in clients by account, writes separately.

Rates come from ``settings.API_THROTTLE_RATES`` at request time (not at import, as DRF's classes do), so an
operator changes them through the environment and tests through ``override_settings``. Counters live in the
default cache: with ``REDIS_URL`` set, every web process counts together.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from bookstore.core.request_context import client_ip


class _SettingsRateThrottle(SimpleRateThrottle):
    # DRF builds a throttle per request and asks get_rate() each time; only its default reads a class
    # attribute frozen at import.
    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope or "")

    def get_ident(self, request: Request) -> str:
        # The project's one notion of the client address (trusted proxies only), not DRF's own.
        return client_ip(request._request, trusted_proxies=settings.TRUSTED_PROXY_COUNT) or "unknown"


class AnonThrottle(_SettingsRateThrottle):
    scope = "anon"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_SettingsRateThrottle):
    scope = "user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class WriteThrottle(_SettingsRateThrottle):
    """A tighter limit on changes (reviews, tokens, exports) per account, on top of the general rate."""

    scope = "writes"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
