"""Serializer foundations shared by every endpoint."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class StrictInputMixin:
    """Refuse fields the serializer does not accept, instead of silently ignoring them.

    A client that sends ``user``, ``id`` or ``rating_count`` learns with a 400 that it cannot set them, rather
    than believing it did (mass assignment is refused, not just ineffective).
    """

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}  # type: ignore[attr-defined]
            unknown = sorted(str(key) for key in data if key not in writable)
            if unknown:
                raise serializers.ValidationError(
                    {key: ["This field cannot be set here."] for key in unknown}
                )
        return super().to_internal_value(data)  # type: ignore[misc]


class InputSerializer(StrictInputMixin, serializers.Serializer):
    """Base for request bodies: only the declared fields, nothing else."""
