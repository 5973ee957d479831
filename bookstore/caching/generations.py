"""Generations: version numbers baked into every catalog cache key, so invalidation is one increment.

A cached catalog page, fragment or value is stored under a key that contains the current generation of
each *scope* it depends on. A change bumps those generations in the shared cache (Redis in production);
from the next request on, every web process computes new keys and the old entries are never read again
(they expire on their own). Nothing has to find and delete the pages a change affects, and no process
keeps a stale copy: invalidation is as fast as one Redis round trip, in every process at once.

Scopes:

- ``CATALOG`` — anything a list, the home page, search, an author or a genre page shows. Every catalog or
  review change bumps it.
- ``TAXONOMY`` — authors, genres and publishers, which appear on every book's own page (names, the genre
  menu). Bumped by changes to them.
- ``SEARCH`` — search results, which also depend on the search index: re-indexing (often in a background
  task, after the catalog change) bumps it, so a search cached in between is not kept.
- ``book_scope(id)`` — one book's own page: its fields and its reviews. A review bumps only its book (and
  ``CATALOG``, since lists show ratings), so the other 99,999 detail pages stay warm.

Each process remembers a generation it read for ``CATALOG_GENERATION_TTL`` seconds (default 0.5): a page
served from the cache then costs one Redis round trip instead of two, and another process's change still
shows within the second the issue allows. The process that made the change sees it at once.

A generation's value is a strictly increasing number of milliseconds: it starts at the time it was first
needed and each bump adds at least one and up to the time elapsed, so it doubles as the scope's
last-modified time for HTTP validators, and a key lost to eviction restarts above every earlier value.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.cache import BaseCache, cache

from bookstore.caching.backends import cache_is_healthy

logger = logging.getLogger(__name__)

CATALOG = "catalog"
TAXONOMY = "taxonomy"
SEARCH = "search"
KEY_PREFIX = "gen:"

# Scopes whose bump failed because the cache was unreachable. Entries written before the outage are still
# in Redis with the old generation, so the bump is replayed as soon as the cache answers again.
_pending: set[str] = set()
_pending_lock = threading.Lock()

# (id of the cache backend, scope) -> (generation, monotonic time it stops being trusted)
_memo: dict[tuple[int, str], tuple[int, float]] = {}


def book_scope(book_id: object) -> str:
    return f"book:{book_id}"


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


def _key(scope: str) -> str:
    return KEY_PREFIX + scope


def read(scopes: Sequence[str], *, using: BaseCache | None = None) -> dict[str, int]:
    """The current generation of each scope (one cache round trip when they all exist)."""
    backend = using or cache
    _replay_pending(backend)
    ttl = float(settings.CATALOG_GENERATION_TTL)
    now = time.monotonic()
    result: dict[str, int] = {}
    if ttl > 0:
        for scope in scopes:
            remembered = _memo.get((id(backend), scope))
            if remembered is not None and remembered[1] > now:
                result[scope] = remembered[0]
    wanted = [scope for scope in scopes if scope not in result]
    if wanted:
        keys = [_key(scope) for scope in wanted]
        found: dict[str, int] = backend.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            start = _now_ms()
            for key in missing:
                backend.add(key, start, timeout=None)
            # Another process may have created the key first: its value wins.
            found.update(backend.get_many(missing))
        for scope in wanted:
            value = int(found.get(_key(scope), 0))
            result[scope] = value
            if ttl > 0 and value:
                _memo[(id(backend), scope)] = (value, now + ttl)
    return {scope: result[scope] for scope in scopes}


def bump(scopes: Iterable[str], *, using: BaseCache | None = None) -> None:
    """Move each scope to a new generation, so every entry keyed on the old one is never read again."""
    backend = using or cache
    scopes = list(dict.fromkeys(scopes))
    for scope in scopes:
        # This process sees its own change on its next read.
        _memo.pop((id(backend), scope), None)
    failed = [scope for scope in scopes if not _bump_one(backend, _key(scope))]
    if failed:
        with _pending_lock:
            _pending.update(failed)
        logger.warning(
            "Cache unavailable: generation bump for %s deferred until it answers", ", ".join(failed)
        )


def _bump_one(backend: BaseCache, key: str) -> bool:
    now = _now_ms()
    current = backend.get(key)
    if current is None:
        if backend.add(key, now, timeout=None):
            return True
        current = backend.get(key)
        if current is None:
            return False
    try:
        # incr is atomic in Redis: two processes bumping at once both move the value, never to the same one.
        backend.incr(key, max(1, now - int(current)))
    except ValueError:
        # Evicted between the read and the increment, or the cache went away.
        if not backend.add(key, now, timeout=None):
            return cache_is_healthy(backend) and backend.get(key) is not None
    return cache_is_healthy(backend)


def _replay_pending(backend: BaseCache) -> None:
    if not _pending or not cache_is_healthy(backend):
        return
    with _pending_lock:
        scopes = sorted(_pending)
        _pending.clear()
    bump(scopes, using=backend)


def forget() -> None:
    """Drop every remembered generation (tests, and a process that must see others' changes at once)."""
    _memo.clear()


def last_modified_ms(generations: dict[str, int]) -> int:
    return max(generations.values(), default=0)
