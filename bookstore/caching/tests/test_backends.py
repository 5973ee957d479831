"""The Redis backend turns an outage into cache misses, and works normally against a live Redis."""

from unittest import mock

from django.core.cache.backends.redis import RedisCacheClient
from django.test import SimpleTestCase, TestCase, override_settings

from bookstore.caching.backends import ResilientRedisCache
from bookstore.caching.tests import urls as test_urls
from bookstore.caching.tests.helpers import DEAD_REDIS_URL, REDIS_DB, redis_caches
from bookstore.core.testing import redis_url


def dead_cache(**options):
    params = redis_caches(DEAD_REDIS_URL, **options)["default"]
    return ResilientRedisCache(params["LOCATION"], params)


class DeadRedisTests(SimpleTestCase):
    def test_every_operation_answers_like_an_empty_cache(self):
        cache = dead_cache()
        with self.assertLogs("bookstore.caching.backends", "WARNING") as logs:
            self.assertEqual(cache.get("k", "default"), "default")
            cache.set("k", "v")
            self.assertFalse(cache.add("k", "v"))
            self.assertEqual(cache.get_many(["a", "b"]), {})
            self.assertEqual(cache.set_many({"a": 1, "b": 2}), ["a", "b"])
            self.assertFalse(cache.has_key("k"))
            self.assertFalse(cache.delete("k"))
            cache.delete_many(["a"])
            self.assertFalse(cache.touch("k"))
            with self.assertRaises(ValueError):
                cache.incr("k")
        # One warning per outage window, not one per call.
        self.assertEqual(len(logs.records), 1)
        self.assertIn("Cache unavailable (get failed: ConnectionError)", logs.output[0])
        self.assertFalse(cache.healthy)

    def test_no_connection_attempt_while_the_breaker_is_open(self):
        cache = dead_cache(RETRY_AFTER=60)
        with (
            mock.patch.object(
                RedisCacheClient, "get", side_effect=RedisCacheClient.get, autospec=True
            ) as get,
            self.assertLogs("bookstore.caching.backends", "WARNING"),
        ):
            cache.get("k")
            cache.get("k")
            cache.get("k")
        self.assertEqual(get.call_count, 1)

    def test_tries_again_after_the_retry_interval(self):
        cache = dead_cache(RETRY_AFTER=0)
        with (
            mock.patch.object(
                RedisCacheClient, "get", side_effect=RedisCacheClient.get, autospec=True
            ) as get,
            self.assertLogs("bookstore.caching.backends", "WARNING"),
        ):
            cache.get("k")
            cache.get("k")
        self.assertEqual(get.call_count, 2)


@override_settings(
    ROOT_URLCONF="bookstore.caching.tests.urls", CACHES=redis_caches(DEAD_REDIS_URL), CATALOG_PAGE_CACHE=True
)
class DeadRedisPageTests(TestCase):
    """The built-in RedisCache raises here; with ours the page renders, uncached, with status 200."""

    def setUp(self):
        test_urls.renders.clear()

    def test_cached_page_is_served_uncached_when_redis_is_down(self):
        with self.assertLogs("bookstore.caching", "WARNING"):
            first = self.client.get("/catalog/")
            second = self.client.get("/catalog/")
        self.assertEqual(first.status_code, 200)
        self.assertEqual(second.status_code, 200)
        self.assertContains(second, "catalog render 2")
        self.assertEqual(test_urls.renders["catalog"], 2)
        # Nothing answered from process memory either, nor any validator a client could replay later.
        self.assertNotIn("ETag", second)


class LiveRedisTests(SimpleTestCase):
    def test_round_trip_against_a_live_redis(self):
        params = redis_caches(redis_url(REDIS_DB))["default"]
        cache = ResilientRedisCache(params["LOCATION"], params)
        cache.clear()
        cache.set("k", {"a": 1})
        self.assertEqual(cache.get("k"), {"a": 1})
        self.assertTrue(cache.add("n", 5))
        self.assertEqual(cache.incr("n", 2), 7)
        with self.assertRaises(ValueError):
            cache.incr("absent")
        self.assertTrue(cache.healthy)
        cache.clear()
