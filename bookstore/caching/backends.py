"""A Redis cache backend that degrades to a miss when Redis is unreachable.

Django's built-in ``RedisCache`` raises ``redis.ConnectionError`` from every call once Redis stops, which
turns a cache outage into 500s on every cached page. A cache is an optimisation: this backend logs the
failure and answers as an empty cache would (``get`` returns the default, ``set`` stores nothing), so the
site keeps serving, uncached and slower, until Redis is back.

After a failure the backend stops trying for ``RETRY_AFTER`` seconds (a small circuit breaker): without it
every request would pay a connection timeout per cache call during an outage.

Settings (``CACHES[alias]["OPTIONS"]``): ``RETRY_AFTER`` (seconds, default 5); every other option goes to
redis-py's connection pool (``socket_connect_timeout`` and ``socket_timeout`` are worth keeping short).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_RETRY_AFTER = 5.0


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose failures become cache misses (logged), never exceptions."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        self.retry_after = float(params["OPTIONS"].pop("RETRY_AFTER", DEFAULT_RETRY_AFTER))
        super().__init__(server, params)
        self._down_until = 0.0
        self._state_lock = threading.Lock()

    @property
    def healthy(self) -> bool:
        """False while the breaker is open (Redis failed less than ``retry_after`` seconds ago)."""
        return time.monotonic() >= self._down_until

    def _guard(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        if not self.healthy:
            return fallback
        try:
            return call()
        except RedisError as error:
            with self._state_lock:
                # Log once per outage window, not once per call: an outage must not flood the logs.
                if time.monotonic() >= self._down_until:
                    logger.warning(
                        "Cache unavailable (%s failed: %s); serving uncached for %.0f s",
                        operation,
                        error.__class__.__name__,
                        self.retry_after,
                    )
                self._down_until = time.monotonic() + self.retry_after
            return fallback

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard(
            "add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guard(
            "get", lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guard("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._guard(
            "touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._guard("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # A missing key still raises ValueError (callers rely on it); an outage raises it too, because
        # there is no honest number to return and "missing" is what an empty cache would answer.
        result = self._guard("incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), None)
        if result is None:
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        return self._guard(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guard("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self) -> None:
        self._guard("clear", lambda: super(ResilientRedisCache, self).clear(), None)


def cache_is_healthy(cache: object) -> bool:
    """Whether the last calls on ``cache`` reached it (always true for backends that cannot fail)."""
    return bool(getattr(cache, "healthy", True))
