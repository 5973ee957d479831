"""Shared helpers for the caching tests."""

from __future__ import annotations

# Nothing listens on port 1: every connection attempt is refused at once, like a stopped Redis.
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"
# This app's Redis database (other test suites use other numbers at the same time).
REDIS_DB = 10


def redis_caches(url: str, **options: object) -> dict[str, dict[str, object]]:
    return {
        "default": {
            "BACKEND": "bookstore.caching.backends.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "test-caching",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, **options},
        }
    }


LOCMEM_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "caching-tests"}
}
