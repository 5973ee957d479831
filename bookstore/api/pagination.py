"""The three pagination styles, each where it fits (docs/api.md lists which endpoint uses which).

- Page numbers (``?page=&page_size=``) for the catalog: people browse pages and want a total.
- Cursors (``?cursor=&page_size=``) for reviews: stable while new reviews arrive, and cheap at any depth.
- Limit/offset (``?limit=&offset=``) where a client needs random access (authors, genres, exports).

Sizes and positions are strict: a value that is not a whole number in the documented range is a 400 naming
the parameter (DRF would quietly fall back to a default, hiding the client's mistake); a page past the end or
a cursor we did not issue is a 404.
"""

from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

MAX_PAGE_SIZE = 100
MAX_LIMIT = 200
# No real client pages this deep by offset; PostgreSQL would still have to walk every skipped row.
MAX_OFFSET = 100_000


def _bounded_int(request: Request, name: str, *, minimum: int, maximum: int, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum or not raw.strip().lstrip("-").isdigit():
        raise ValidationError({name: [f"Must be a whole number from {minimum} to {maximum}."]})
    return value


def _document_bounds(
    parameters: list[dict[str, Any]], bounds: dict[str, tuple[int, int]]
) -> list[dict[str, Any]]:
    for parameter in parameters:
        if parameter["name"] in bounds:
            low, high = bounds[parameter["name"]]
            parameter["schema"].update({"type": "integer", "minimum": low, "maximum": high})
    return parameters


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        return _bounded_int(
            request, self.page_size_query_param, minimum=1, maximum=MAX_PAGE_SIZE, default=self.page_size
        )

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return _document_bounds(
            super().get_schema_operation_parameters(view),
            {self.page_size_query_param: (1, MAX_PAGE_SIZE), self.page_query_param: (1, 10**9)},
        )


class CursorPagination(pagination.CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = ("-created", "-pk")

    def get_page_size(self, request: Request) -> int:
        return _bounded_int(
            request, self.page_size_query_param, minimum=1, maximum=MAX_PAGE_SIZE, default=self.page_size
        )

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return _document_bounds(
            super().get_schema_operation_parameters(view), {self.page_size_query_param: (1, MAX_PAGE_SIZE)}
        )


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = MAX_LIMIT

    def get_limit(self, request: Request) -> int:
        return _bounded_int(
            request, self.limit_query_param, minimum=1, maximum=MAX_LIMIT, default=self.default_limit
        )

    def get_offset(self, request: Request) -> int:
        return _bounded_int(request, self.offset_query_param, minimum=0, maximum=MAX_OFFSET, default=0)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        return _document_bounds(
            super().get_schema_operation_parameters(view),
            {self.limit_query_param: (1, MAX_LIMIT), self.offset_query_param: (0, MAX_OFFSET)},
        )
