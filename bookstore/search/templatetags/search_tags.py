"""Template helpers for search results."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from bookstore.search.selectors import MARK_END, MARK_START

register = template.Library()


@register.filter
def highlight(text: str | None) -> SafeString:
    """Escape ``text`` (a ``SearchHeadline``), then turn only the match markers into ``<mark>`` tags."""
    escaped = escape(text or "")
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))  # noqa: S308
