"""Content negotiation that refuses an empty ``?format=`` the way it refuses an unknown one (404)."""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        value = request.query_params.get(self.settings.URL_FORMAT_OVERRIDE or "format")
        if value is not None and not value.strip():
            raise NotFound("No such format.")
        return super().select_renderer(request, renderers, format_suffix)
