"""Generations move on every bump, in every process sharing the cache, and survive an outage."""

import time

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.test import SimpleTestCase, override_settings

from bookstore.caching import generations
from bookstore.caching.backends import ResilientRedisCache
from bookstore.caching.tests.helpers import LOCMEM_CACHES, REDIS_DB, redis_caches
from bookstore.core.testing import redis_url


@override_settings(CACHES=LOCMEM_CACHES)
class GenerationTests(SimpleTestCase):
    def setUp(self):
        cache.clear()

    def test_read_creates_a_time_based_generation_and_keeps_it(self):
        first = generations.read(["catalog"])["catalog"]
        self.assertGreater(first, 1_700_000_000_000)  # milliseconds since the epoch
        self.assertEqual(generations.read(["catalog"]), {"catalog": first})

    def test_bump_moves_only_the_named_scopes_and_strictly_up(self):
        before = generations.read(["catalog", "taxonomy", "book:1"])
        generations.bump(["catalog", "book:1"])
        after = generations.read(["catalog", "taxonomy", "book:1"])
        self.assertGreater(after["catalog"], before["catalog"])
        self.assertGreater(after["book:1"], before["book:1"])
        self.assertEqual(after["taxonomy"], before["taxonomy"])

    def test_many_bumps_within_one_millisecond_all_count(self):
        values = set()
        for _ in range(50):
            generations.bump(["catalog"])
            values.add(generations.read(["catalog"])["catalog"])
        self.assertEqual(len(values), 50)

    def test_bump_of_a_missing_key_creates_it(self):
        generations.bump(["book:new"])
        self.assertGreater(generations.read(["book:new"])["book:new"], 0)


class FlakyCache(LocMemCache):
    """A local cache that can be switched off, like a Redis that stops and starts again."""

    down = False

    @property
    def healthy(self):
        return not self.down

    def get(self, key, default=None, version=None):
        return default if self.down else super().get(key, default, version)

    def get_many(self, keys, version=None):
        return {} if self.down else super().get_many(keys, version)

    def add(self, key, value, timeout=300, version=None):
        return False if self.down else super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        if self.down:
            raise ValueError("down")
        return super().incr(key, delta, version)


class OutageTests(SimpleTestCase):
    def test_a_bump_lost_to_an_outage_is_replayed_when_the_cache_returns(self):
        flaky = FlakyCache("flaky", {})
        before = generations.read(["catalog"], using=flaky)["catalog"]
        flaky.down = True
        with self.assertLogs("bookstore.caching.generations", "WARNING"):
            generations.bump(["catalog"], using=flaky)
        flaky.down = False
        # Without the replay, pages cached before the outage would be served again now.
        self.assertGreater(generations.read(["catalog"], using=flaky)["catalog"], before)


class CrossProcessTests(SimpleTestCase):
    """Two backend instances on one Redis database behave like two web processes."""

    @override_settings(CATALOG_GENERATION_TTL=0)
    def test_a_bump_in_one_process_is_seen_by_the_next_read_in_another(self):
        params = redis_caches(redis_url(REDIS_DB))["default"]
        process_a = ResilientRedisCache(params["LOCATION"], params)
        process_b = ResilientRedisCache(params["LOCATION"], params)
        process_a.clear()
        seen_by_b = generations.read(["catalog"], using=process_b)["catalog"]
        generations.bump(["catalog"], using=process_a)
        self.assertGreater(generations.read(["catalog"], using=process_b)["catalog"], seen_by_b)
        process_a.clear()

    @override_settings(CATALOG_GENERATION_TTL=0.2)
    def test_with_a_remembered_generation_another_process_sees_the_bump_within_the_ttl(self):
        params = redis_caches(redis_url(REDIS_DB))["default"]
        process_a = ResilientRedisCache(params["LOCATION"], params)
        process_b = ResilientRedisCache(params["LOCATION"], params)
        process_a.clear()
        seen_by_b = generations.read(["catalog"], using=process_b)["catalog"]
        generations.bump(["catalog"], using=process_a)
        # Process A sees its own change at once; B trusts what it read for at most the TTL.
        self.assertGreater(generations.read(["catalog"], using=process_a)["catalog"], seen_by_b)
        self.assertEqual(generations.read(["catalog"], using=process_b)["catalog"], seen_by_b)
        time.sleep(0.25)
        self.assertGreater(generations.read(["catalog"], using=process_b)["catalog"], seen_by_b)
        process_a.clear()
