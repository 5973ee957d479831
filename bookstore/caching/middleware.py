"""``Cache-Control: private`` on every response rendered for a signed-in user or a token holder.

Personal pages (account, orders, a book page showing "your review") must never be stored by a shared
cache. Views may say more (``never_cache``); this only fills in the header when a view said nothing.
API clients authenticate per request with ``Authorization: Bearer …``, which no cookie reveals: their
responses are marked private and vary on that header, so no proxy or CDN serves one reader's answer to another.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control, patch_vary_headers


class PrivateCacheControlMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "authorization" in request.headers:
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Authorization",))
            return response
        # Without a session cookie the user is anonymous; checking costs nothing then.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response
