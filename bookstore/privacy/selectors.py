"""Reading privacy requests."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from bookstore.privacy.models import DataExport


def data_exports_for_user(*, user: Any) -> QuerySet[DataExport]:
    return DataExport.objects.filter(user=user).order_by("-requested_at")
