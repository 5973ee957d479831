"""Test helpers for integration tests that need a real backing service (Redis, a broker, Chromium).

On a newcomer's laptop those services may be absent, so such tests skip with a reason. CI runs with
``BOOKSTORE_REQUIRE_SERVICES=1``: there a missing service is a failure, never a silent skip, so a green CI run
always means the integration tests really ran.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
RABBITMQ_TEST_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


def services_required() -> bool:
    return os.environ.get("BOOKSTORE_REQUIRE_SERVICES", "") not in ("", "0", "false", "False")


def require_service(name: str, available: bool, hint: str = "") -> None:
    """Skip the calling test when ``available`` is false, or fail when CI demands the service."""
    if available:
        return
    message = f"{name} is not available{': ' + hint if hint else ''}"
    if services_required():
        pytest.fail(f"{message} (BOOKSTORE_REQUIRE_SERVICES is set, so this is a failure, not a skip)")
    pytest.skip(message)


def tcp_reachable(url: str, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections at the URL's host and port."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), timeout=timeout):
            return True
    except OSError:
        return False


def redis_url(db: int) -> str:
    """The test Redis server's URL for one database number (helpers keep to their own numbers)."""
    require_service("Redis", tcp_reachable(REDIS_TEST_URL), f"nothing listens at {REDIS_TEST_URL}")
    return f"{REDIS_TEST_URL.rstrip('/')}/{db}"


def chromium_path() -> str:
    """Path of a Chromium binary for browser tests (`make browsers` installs Debian's)."""
    path = (
        os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser") or ""
    )
    require_service("Chromium", bool(path), "run `make browsers` to install it")
    return path
