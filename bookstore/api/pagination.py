"""The three pagination styles, each where it fits (docs/api.md lists which endpoint uses which).

- Page numbers (``?page=&page_size=``) for the catalog: people browse pages and want a total.
- Cursors (``?cursor=``) for reviews: stable while new reviews arrive, and cheap at any depth.
- Limit/offset (``?limit=&offset=``) where a client needs random access (authors, genres).

Every size and position is bounded: an absurd ``page``, ``offset`` or ``limit`` is a 4xx or a clamped value,
never a query PostgreSQL refuses.
"""

from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.views import APIView

# PostgreSQL's OFFSET is a bigint, but no real client pages this deep; deeper is a 404 like an empty page.
MAX_OFFSET = 100_000


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class CursorPagination(pagination.CursorPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created", "-pk")


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    default_limit = 50
    max_limit = 200

    def paginate_queryset(
        self, queryset: Any, request: Request, view: APIView | None = None
    ) -> list[Any] | None:
        offset = self.get_offset(request)
        if offset > MAX_OFFSET:
            raise NotFound(f"Offset must be at most {MAX_OFFSET}.")
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_limit})
            if parameter["name"] == self.offset_query_param:
                parameter["schema"].update({"minimum": 0, "maximum": MAX_OFFSET})
        return parameters
