"""Reading a reader's API tokens."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from bookstore.tokens.models import ApiToken, ApiTokenQuerySet


def api_token_list(*, user: Any) -> ApiTokenQuerySet:
    return ApiToken.objects.for_user(user)


def api_token_get(*, user: Any, token_id: int) -> ApiToken:
    """One of this reader's tokens; someone else's is a 404, not a hint that it exists."""
    return get_object_or_404(ApiToken.objects.filter(user=user), pk=token_id)
