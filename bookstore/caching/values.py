"""Low-level caching of computed values (aggregates, counts, menus) keyed on generations.

``cached_value(name, scopes=[...], compute=...)`` returns the stored value while the scopes' generations
are unchanged and recomputes it otherwise, so a value is never older than the last change that could
affect it. Values may be ``None``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from bookstore.caching import generations

T = TypeVar("T")

KEY_PREFIX = "value:"
_MISSING = object()


class _Stored:
    """Wrapper so that a stored ``None`` is told apart from a miss."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __reduce__(self) -> tuple[type[_Stored], tuple[Any]]:
        return (_Stored, (self.value,))


def value_key(name: str, scopes: Sequence[str]) -> str:
    gens = generations.read(scopes)
    version = ",".join(f"{scope}={gens[scope]}" for scope in sorted(gens))
    digest = hashlib.sha256(f"{name}|{version}".encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{name}:{digest}"


def cached_value[T](
    name: str, *, scopes: Sequence[str], compute: Callable[[], T], timeout: int | None = None
) -> T:
    if not settings.CATALOG_VALUE_CACHE:
        return compute()
    key = value_key(name, scopes)
    stored = cache.get(key, _MISSING)
    if isinstance(stored, _Stored):
        return stored.value
    value = compute()
    cache.set(key, _Stored(value), timeout if timeout is not None else settings.CATALOG_VALUE_CACHE_TIMEOUT)
    return value
