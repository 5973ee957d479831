"""Rates per anonymous address, per account and for writes; 429 with Retry-After; shared through Redis."""

import uuid

import pytest
import redis
from django.test import TestCase, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from bookstore.accounts.tests.factories import UserFactory
from bookstore.core.testing import redis_url

RATES = {"anon": "3/min", "user": "5/min", "writes": "2/min"}


@override_settings(API_THROTTLE_RATES=RATES)
class ThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()
        cls.other = UserFactory()

    def test_anonymous_clients_are_limited_per_address_with_retry_after(self):
        client = APIClient(REMOTE_ADDR="203.0.113.5")
        url = reverse("api-schema")
        statuses = [client.get(url).status_code for _ in range(4)]

        self.assertEqual(statuses, [200, 200, 200, 429])
        response = client.get(url, {"format": "json"})
        self.assertEqual(response.status_code, 429)
        self.assertTrue(0 < int(response["Retry-After"]) <= 60)
        body = response.json()
        self.assertEqual((body["status"], body["code"]), (429, "throttled"))

        elsewhere = APIClient(REMOTE_ADDR="203.0.113.6")
        self.assertEqual(elsewhere.get(url).status_code, 200)

    def test_readers_are_limited_per_account_not_per_address(self):
        client = APIClient(REMOTE_ADDR="203.0.113.7")
        client.force_authenticate(self.reader)
        statuses = [client.get(reverse("v1:me")).status_code for _ in range(6)]
        self.assertEqual(statuses, [200] * 5 + [429])

        # Another reader from the same address has their own allowance.
        client.force_authenticate(self.other)
        self.assertEqual(client.get(reverse("v1:me")).status_code, 200)

    def test_writes_have_their_own_tighter_limit(self):
        client = APIClient()
        client.force_authenticate(self.reader)
        statuses = [client.post(reverse("v1:me-exports"), {}, format="json").status_code for _ in range(3)]

        self.assertEqual(statuses, [202, 202, 429])
        self.assertEqual(client.get(reverse("v1:me-exports")).status_code, 200, "reads are not writes")

    def test_the_address_is_the_one_our_proxy_saw_not_what_the_client_claims(self):
        with self.settings(TRUSTED_PROXY_COUNT=1):
            statuses = [
                APIClient(REMOTE_ADDR="10.0.0.1")
                .get(reverse("api-schema"), headers={"X-Forwarded-For": f"198.51.100.{index}, 192.0.2.9"})
                .status_code
                for index in range(4)
            ]

        self.assertEqual(statuses, [200, 200, 200, 429], "a forged left-most hop must not reset the limit")


@pytest.mark.integration
class RedisSharedThrottleTests(TestCase):
    """With REDIS_URL set, every web process counts against the same limit."""

    def test_counters_live_in_redis_where_every_process_sees_them(self):
        url = redis_url(7)
        prefix = f"throttle-test-{uuid.uuid4().hex}"
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": prefix,
            }
        }
        server = redis.Redis.from_url(url)
        try:
            with override_settings(CACHES=caches, API_THROTTLE_RATES=RATES):
                statuses = [
                    APIClient(REMOTE_ADDR="203.0.113.9").get(reverse("api-schema")).status_code
                    for _ in range(2)
                ]
                keys = server.keys(f"{prefix}:*throttle_anon_203.0.113.9")
                self.assertEqual(statuses, [200, 200])
                self.assertEqual(len(keys), 1)

                # A second process: its own connection to the same Redis, the same count.
                from django.core.cache import caches as cache_handler

                cache_handler.close_all()
                statuses = [
                    APIClient(REMOTE_ADDR="203.0.113.9").get(reverse("api-schema")).status_code
                    for _ in range(2)
                ]
                self.assertEqual(statuses, [200, 429])
        finally:
            for key in server.scan_iter(f"{prefix}:*"):
                server.delete(key)
            server.close()
