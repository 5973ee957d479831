"""OpenAPI schema generation: drf-spectacular, plus the error responses every endpoint can give.

drf-spectacular documents only the success response. A client (and schemathesis, which checks every response
against the schema) must also know the error shape and when it comes: 400 for bad input, 401/403 for
credentials and permissions, 404, 415 for a body that is not JSON, 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer (see ``bookstore.api.errors``)."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text="A stable machine-readable code: invalid, not_found, throttled …")
    detail = serializers.CharField(help_text="A sentence for humans.")
    # The metaclass moves declared fields off the class, so this does not shadow Serializer.errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field (dotted for nested fields); empty unless code is 'invalid'.",
    )
    request_id = serializers.CharField(help_text="Quote it to support: it ties this answer to our logs.")

    class Meta:
        ref_name = "Error"


_ERRORS = {
    "400": "Invalid input: malformed JSON, wrong types, unknown fields, bad query parameters.",
    "401": "Missing or invalid credentials (send `Authorization: Bearer <token>`).",
    "403": "Authenticated, but not allowed to do this (or CSRF failed on a session request).",
    "404": "Not found, or not visible to you; also an out-of-range page or a bad cursor.",
    "406": "None of the formats in `Accept` (or `?format=`) can be produced.",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`.",
}
_BODY_ERRORS = {
    "413": "The request body is too large.",
    "415": "The request body is not JSON.",
}


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: openapi.Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(_ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(_BODY_ERRORS)
        for code, description in errors.items():
            if code in responses:
                continue
            response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
            response["description"] = description
            if code == "429":
                response["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer", "minimum": 0},
                        "description": "Seconds to wait before the next request.",
                    }
                }
            responses[code] = response
        return dict(sorted(responses.items()))


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents ``bookstore.tokens.authentication.ApiTokenAuthentication`` as HTTP Bearer."""

    target_class = "bookstore.tokens.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema: openapi.AutoSchema) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token from /tokens/: `Authorization: Bearer bst_…`.",
        }
