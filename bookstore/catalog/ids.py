"""Time-ordered UUIDs (RFC 9562 version 7) for primary keys.

Random (version 4) keys scatter inserts across the whole primary-key index; version 7 keys start with a
millisecond timestamp, so new rows land at the end of the index like a sequence, yet ids stay unguessable
enough to put in URLs. Python 3.14 ships ``uuid.uuid7``; until we require it, this is the same layout.
"""

from __future__ import annotations

import secrets
import time
import uuid

_RAND_B_BITS = 62


def uuid7(*, unix_ms: int | None = None, random_bits: int | None = None) -> uuid.UUID:
    """A version 7 UUID. ``unix_ms``/``random_bits`` (74 bits) make it deterministic for seed data."""
    ms = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
    rand = secrets.randbits(74) if random_bits is None else random_bits & ((1 << 74) - 1)
    rand_a = rand >> _RAND_B_BITS  # 12 bits
    rand_b = rand & ((1 << _RAND_B_BITS) - 1)
    value = ((ms & ((1 << 48) - 1)) << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return uuid.UUID(int=value)
