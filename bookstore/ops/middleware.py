"""Liveness and readiness probes, answered before any other middleware.

Load balancers and orchestrators call probes by IP address over plain HTTP, so the probes must not depend
on ALLOWED_HOSTS, the HTTPS redirect, sessions or the database session machinery.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from bookstore.ops.checks import readiness_status, run_readiness_checks

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path == LIVENESS_PATH:
            return self._respond(request, {"status": "ok"}, 200)
        if path == READINESS_PATH:
            checks = run_readiness_checks()
            status = readiness_status(checks)
            return self._respond(
                request, {"status": status, "checks": checks}, 503 if status == "unavailable" else 200
            )
        return self.get_response(request)

    @staticmethod
    def _respond(request: HttpRequest, body: dict[str, object], status: int) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            response: HttpResponse = JsonResponse({"detail": "Method not allowed."}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response
