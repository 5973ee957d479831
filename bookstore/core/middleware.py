"""Project-wide middleware: request ids, the allowed HTTP methods, and security headers Django lacks."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed

from bookstore.core.request_context import context_from_request, reset_request_context, set_request_context

Handler = Callable[[HttpRequest], HttpResponse]

# TRACE reflects the request (cookies included) back to the client, CONNECT asks us to be a proxy; no view
# here has a use for them, nor for any method outside this list.
ALLOWED_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


class RequestIdMiddleware:
    """Record who is asking (request id, client address, user agent) and echo the id in the response.

    The id is kept from the proxy's ``X-Request-ID`` when well formed, so one id follows the request
    through every tier.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = context_from_request(request, trusted_proxies=settings.TRUSTED_PROXY_COUNT)
        request.request_id = context.request_id  # type: ignore[attr-defined]
        token = set_request_context(context)
        try:
            response = self.get_response(request)
        finally:
            reset_request_context(token)
        response["X-Request-ID"] = context.request_id
        return response


class AllowedMethodsMiddleware:
    """Answer 405 to TRACE, CONNECT and any method a web application has no business receiving."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(sorted(ALLOWED_METHODS))
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers that Django's SecurityMiddleware does not send: Permissions-Policy and CORP."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
