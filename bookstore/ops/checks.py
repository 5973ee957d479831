"""Readiness checks: can this process serve traffic right now?

Each check talks to one backing service and returns ``None`` when it is usable or a short reason when it
is not. The reason never includes connection strings or credentials: the probe's answer is public.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

Check = Callable[[], str | None]

# Services the site can serve without, only slower: the cache backend turns a Redis outage into cache misses
# (bookstore.caching.backends). Failing readiness for them would take every web process out of rotation at
# once and turn a cache outage into a full outage, so they report "degraded" and the probe stays 200.
DEGRADABLE = frozenset({"cache"})


def check_database() -> str | None:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Readiness: database unreachable: %s", error)
        return "unreachable"
    return None


def check_cache() -> str | None:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=5)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:  # any backend, any client library: all mean "not ready"
        logger.warning("Readiness: cache unreachable: %s", error)
        return "unreachable"
    return None if value == "ok" else "read back a different value"


def check_broker() -> str | None:
    from bookstore.ops.queues import broker_connection

    try:
        with broker_connection() as connection:
            connection.default_channel  # noqa: B018 - opening a channel is what proves the broker answers
    except Exception as error:  # any transport, any client library: all mean "not ready"
        logger.warning("Readiness: task broker unreachable: %s", error)
        return "unreachable"
    return None


def readiness_checks() -> dict[str, Check]:
    """The checks for this deployment; backing services add themselves here as they are configured."""
    checks: dict[str, Check] = {"database": check_database, "cache": check_cache}
    if settings.CELERY_BROKER_URL:
        # Without a broker tasks run in-process after commit: nothing to check.
        checks["broker"] = check_broker
    return checks


def run_readiness_checks() -> dict[str, str]:
    return {name: (check() or "ok") for name, check in readiness_checks().items()}


def readiness_status(results: dict[str, str]) -> str:
    """``ok``, ``degraded`` (only degradable services fail: keep serving) or ``unavailable``."""
    failing = {name for name, result in results.items() if result != "ok"}
    if not failing:
        return "ok"
    return "degraded" if failing <= DEGRADABLE else "unavailable"
