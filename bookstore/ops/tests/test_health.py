from unittest import mock

from django.conf import settings
from django.db.utils import ConnectionHandler
from django.test import TestCase, override_settings

from bookstore.caching.tests.helpers import DEAD_REDIS_URL, redis_caches
from bookstore.ops import checks


class LivenessTests(TestCase):
    def test_healthz_answers_without_touching_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})
        self.assertEqual(response["Cache-Control"], "no-store")

    @override_settings(ALLOWED_HOSTS=["shop.example.com"], SECURE_SSL_REDIRECT=True)
    def test_probes_answer_a_load_balancer_calling_by_ip_over_http(self):
        response = self.client.get("/healthz", headers={"host": "10.0.0.7:8000"})

        self.assertEqual(response.status_code, 200)

    def test_probes_refuse_writes(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)


class ReadinessTests(TestCase):
    def test_readyz_reports_each_check(self):
        response = self.client.get("/readyz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "checks": {"database": "ok", "cache": "ok"}})

    def test_readyz_is_503_and_names_the_database_when_it_is_unreachable(self):
        # A real connection attempt to a port where nothing listens, not a mocked exception.
        unreachable = {**settings.DATABASES["default"], "HOST": "127.0.0.1", "PORT": "1"}
        with mock.patch.object(checks, "connections", ConnectionHandler({"default": unreachable})):
            response = self.client.get("/readyz")

        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json(), {"status": "unavailable", "checks": {"database": "unreachable", "cache": "ok"}}
        )
        self.assertNotIn("127.0.0.1", response.content.decode())

    @override_settings(CACHES=redis_caches(DEAD_REDIS_URL))
    def test_a_cache_outage_reports_degraded_but_keeps_the_process_in_rotation(self):
        # Pages still render without the cache (as misses), so the load balancer must keep sending traffic.
        with self.assertLogs("bookstore", "WARNING"):
            response = self.client.get("/readyz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "degraded")
        self.assertNotEqual(response.json()["checks"]["cache"], "ok")
        self.assertEqual(response.json()["checks"]["database"], "ok")
