"""One error shape for every 4xx the API returns.

Every refusal — validation, malformed JSON, authentication, permissions, unknown URLs, throttling — comes back
as the same JSON object, so a client needs one code path for errors::

    {"status": 400, "code": "invalid", "detail": "The request has invalid fields.",
     "errors": {"rating": ["Ensure this value is less than or equal to 5."]}, "request_id": "…"}

``errors`` maps a field (dotted for nested data, ``non_field_errors`` for the whole object) to its messages;
it is empty when the problem is not about a field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from bookstore.core.request_context import get_request_id

VALIDATION_DETAIL = "The request has invalid fields."


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """``{"a": {"b": ["msg"]}, "c": [{"d": ["msg"]}]}`` → ``{"a.b": ["msg"], "c.0.d": ["msg"]}``."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        flat = {}
        for index, value in enumerate(detail):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    messages = [str(item) for item in detail] if isinstance(detail, list) else [str(detail)]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: messages} if messages else {}


def error_body(
    *, status_code: int, code: str, detail: str, errors: dict[str, list[str]] | None = None
) -> dict:
    return {
        "status": status_code,
        "code": code,
        "detail": detail,
        "errors": errors or {},
        "request_id": get_request_id(),
    }


def _as_drf_exception(exc: Exception) -> Exception:
    # Services raise Django's exceptions; they mean the same thing to an API client.
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            return exceptions.ValidationError(exc.message_dict)
        return exceptions.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: exc.messages})
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):  # DATA_UPLOAD_MAX_MEMORY_SIZE, checked as DRF reads the body
        return RequestTooLarge()
    return exc


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (it sets ``Retry-After`` and ``WWW-Authenticate``), with the body reshaped."""
    exc = _as_drf_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response  # not ours to explain: a 500, reported and logged by Django
    if isinstance(exc, exceptions.ValidationError):
        code, detail, errors = "invalid", VALIDATION_DETAIL, _flatten(exc.detail)
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        detail, errors = str(exc.detail), {}
    response.data = error_body(status_code=response.status_code, code=str(code), detail=detail, errors=errors)
    return response


@csrf_exempt  # it changes nothing; a POST to a wrong URL deserves the same JSON 404, not a CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The answer for any /api/ path no endpoint matches (Django's 404 page is HTML)."""
    return JsonResponse(
        error_body(
            status_code=status.HTTP_404_NOT_FOUND, code="not_found", detail="No endpoint at this URL."
        ),
        status=status.HTTP_404_NOT_FOUND,
    )
