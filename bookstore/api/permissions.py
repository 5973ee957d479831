"""Permissions beyond DRF's: object ownership for the reader's own things."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class IsOwnerOrReadOnly(permissions.BasePermission):
    """Anyone may read; only the object's ``user`` may change it (the services check again)."""

    message = "You can only change your own."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and obj.user_id == request.user.pk)
