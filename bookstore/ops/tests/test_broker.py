"""The broker in the readiness check and the queue-length command (real Redis where one is needed)."""

import time
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase, TestCase, override_settings

from bookstore.core.tasks import email_outbox_flush_task
from bookstore.core.tests.celery_fixtures import broker_url_or_skip, celery_conf, live_broker

DEAD_BROKER = "redis://:secret@127.0.0.1:1/0"  # nothing listens on port 1
OPS_BROKER_DB = 5


class BrokerReadinessTests(TestCase):
    def test_without_a_broker_readyz_does_not_mention_one(self):
        response = self.client.get("/readyz")

        self.assertEqual(response.json()["checks"], {"database": "ok", "cache": "ok"})

    @override_settings(CELERY_BROKER_URL=DEAD_BROKER)
    def test_an_unreachable_broker_makes_readyz_503_quickly_and_leaks_nothing(self):
        with celery_conf(broker_url=DEAD_BROKER, task_always_eager=False):
            started = time.monotonic()
            response = self.client.get("/readyz")
            elapsed = time.monotonic() - started

        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            response.json()["checks"], {"database": "ok", "cache": "ok", "broker": "unreachable"}
        )
        self.assertNotIn("secret", response.content.decode())
        self.assertLess(elapsed, 10)

    def test_a_reachable_broker_is_reported_ok(self):
        url = broker_url_or_skip(db=OPS_BROKER_DB)
        with override_settings(CELERY_BROKER_URL=url), live_broker(url):
            response = self.client.get("/readyz")

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["checks"]["broker"], "ok")


class CeleryQueuesCommandTests(SimpleTestCase):
    def test_without_a_broker_it_says_there_are_no_queues(self):
        with self.assertRaisesMessage(CommandError, "No CELERY_BROKER_URL"):
            call_command("celery_queues")

    @override_settings(CELERY_BROKER_URL=DEAD_BROKER)
    def test_an_unreachable_broker_is_one_line_without_the_url(self):
        with celery_conf(broker_url=DEAD_BROKER), self.assertRaises(CommandError) as raised:
            call_command("celery_queues")

        self.assertIn("does not answer", str(raised.exception))
        self.assertNotIn("secret", str(raised.exception))

    def test_it_counts_the_tasks_waiting_in_each_queue(self):
        url = broker_url_or_skip(db=OPS_BROKER_DB)
        output = StringIO()
        with override_settings(CELERY_BROKER_URL=url), live_broker(url):
            email_outbox_flush_task.delay()
            email_outbox_flush_task.delay()
            call_command("celery_queues", stdout=output)
            call_command("celery_queues", "thumbnails", stdout=output)

        self.assertEqual(
            output.getvalue().splitlines(),
            [
                "default                                       2",
                "(held by workers: running or awaiting retry)  0",
                "thumbnails                                    0",
                "(held by workers: running or awaiting retry)  0",
            ],
        )
