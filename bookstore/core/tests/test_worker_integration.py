"""The e-mail task through a real Redis broker and real Celery workers, including workers that die mid-task.

Skipped (one line naming the broker) where no broker answers; ``BOOKSTORE_REQUIRE_SERVICES=1`` makes that a
failure. Workers use their own database connections, so these tests commit (``TransactionTestCase``).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import tempfile
from pathlib import Path

import pytest
from django.core import mail
from django.db import transaction
from django.test import TransactionTestCase
from django.utils import timezone

from bookstore.core.email import email_outbox_flush, email_send_after_commit
from bookstore.core.models import OutboxEmail
from bookstore.core.testing import RABBITMQ_TEST_URL, require_service, tcp_reachable
from bookstore.core.tests.celery_fixtures import (
    broker_url_or_skip,
    celery_conf,
    inprocess_worker,
    live_broker,
    wait_for,
    worker_process,
)

IN_PROCESS_DB = 3
SUBPROCESS_DB = 4


def outbox_status(message: OutboxEmail) -> str:
    return OutboxEmail.objects.values_list("status", flat=True).get(pk=message.pk)


@pytest.mark.integration
class InProcessWorkerTests(TransactionTestCase):
    def setUp(self):
        self.broker_url = broker_url_or_skip(db=IN_PROCESS_DB)
        self.enterContext(live_broker(self.broker_url))
        self.enterContext(inprocess_worker())

    def test_a_message_queued_in_a_transaction_is_sent_by_the_worker_after_commit(self):
        with transaction.atomic():
            message = email_send_after_commit(
                to=["ada@example.com"], subject="Your export is ready", body="https://example.com/x"
            )
            self.assertEqual(outbox_status(message), OutboxEmail.Status.PENDING)

        wait_for(lambda: outbox_status(message) == OutboxEmail.Status.SENT, message="the worker to send")

        self.assertEqual(
            [(m.to, m.subject) for m in mail.outbox], [(["ada@example.com"], "Your export is ready")]
        )
        message.refresh_from_db()
        self.assertEqual((message.attempts, message.body), (1, ""))

    def test_a_message_whose_broker_was_down_at_commit_is_sent_by_the_flush(self):
        # The broker is unreachable when the sign-up commits: the caller must not notice.
        with celery_conf(broker_url="redis://127.0.0.1:1/0"), transaction.atomic():
            message = email_send_after_commit(to=["grace@example.com"], subject="Welcome", body="Hi")
        self.assertEqual(outbox_status(message), OutboxEmail.Status.PENDING)
        self.assertEqual(mail.outbox, [])

        # The broker is back; the periodic flush finds the stranded message and the worker sends it.
        self.assertEqual(email_outbox_flush(now=timezone.now() + dt.timedelta(minutes=20)), 1)

        wait_for(lambda: outbox_status(message) == OutboxEmail.Status.SENT, message="the worker to send")
        self.assertEqual([m.to for m in mail.outbox], [["grace@example.com"]])


@pytest.mark.integration
class WorkerProcessKillTests(TransactionTestCase):
    """``celery -A config worker`` subprocesses, SIGKILLed while the e-mail task holds its outbox row."""

    def setUp(self):
        self.broker_url = broker_url_or_skip(db=SUBPROCESS_DB)
        self.enterContext(live_broker(self.broker_url))
        self.folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.mail_dir = self.folder / "mail"
        self.mail_dir.mkdir()
        self.env = {"TEST_MAIL_DIR": str(self.mail_dir)}

    def attempts(self) -> list[int]:
        return [int(path.name.split("-")[1]) for path in self.mail_dir.glob("attempt-*")]

    def sent_messages(self) -> list[str]:
        return [path.read_text() for path in self.mail_dir.glob("*.log")]

    def queue_held_message(self) -> OutboxEmail:
        (self.mail_dir / "gate").touch()
        with transaction.atomic():
            return email_send_after_commit(to=["ada@example.com"], subject="Reset your password", body="link")

    def test_a_task_whose_pool_process_is_killed_is_delivered_again_and_sends_once(self):
        with worker_process(self.broker_url, self.folder, env=self.env) as worker:
            message = self.queue_held_message()
            wait_for(lambda: len(self.attempts()) == 1, timeout=60, message="the worker to start sending")
            [busy_pid] = self.attempts()
            self.assertNotEqual(busy_pid, worker.process.pid)  # a pool process, not the main worker

            os.kill(busy_pid, signal.SIGKILL)
            (self.mail_dir / "gate").unlink()

            wait_for(
                lambda: outbox_status(message) == OutboxEmail.Status.SENT, timeout=60, message="redelivery"
            )
            log = worker.log_text()

        # Delivered twice (the killed attempt and the redelivery), sent once.
        self.assertEqual(len(self.attempts()), 2)
        self.assertEqual(self.attempts().count(busy_pid), 1)  # the second run was in a new pool process
        [sent] = self.sent_messages()
        self.assertIn("Subject: Reset your password", sent)
        self.assertIn("To: ada@example.com", sent)
        self.assertIn("SIGKILL", log)
        message.refresh_from_db()
        self.assertEqual(message.attempts, 1)  # the killed attempt rolled back with its connection

    def test_a_task_held_by_a_worker_that_dies_goes_to_another_worker_and_sends_once(self):
        # The whole worker (main process and pool) dies: its message waits, unacknowledged, in Redis until the
        # visibility timeout passes and a live worker takes it back. 900 s in production; 3 s here.
        with worker_process(self.broker_url, self.folder, env=self.env) as first:
            message = self.queue_held_message()
            wait_for(
                lambda: len(self.attempts()) == 1, timeout=60, message="the first worker to start sending"
            )
            first.kill()
        (self.mail_dir / "gate").unlink()
        self.assertEqual(outbox_status(message), OutboxEmail.Status.PENDING)

        second_env = {**self.env, "TEST_VISIBILITY_TIMEOUT": "3", "CELERY_SKIP_CHECKS": "1"}
        with worker_process(self.broker_url, self.folder, env=second_env):
            wait_for(
                lambda: outbox_status(message) == OutboxEmail.Status.SENT, timeout=90, message="redelivery"
            )

        self.assertEqual(len(self.attempts()), 2)
        [sent] = self.sent_messages()
        self.assertIn("Subject: Reset your password", sent)


@pytest.mark.integration
class RabbitMQWorkerTests(TransactionTestCase):
    """The same e-mail task with RabbitMQ: only the broker URL changes."""

    def setUp(self):
        url = os.environ.get("TEST_CELERY_RABBITMQ_URL", RABBITMQ_TEST_URL)
        require_service("RabbitMQ", tcp_reachable(url), f"nothing listens at {url.rpartition('@')[2]}")
        # live_broker gives this test a queue of its own: the RabbitMQ server is shared with other test runs.
        self.enterContext(live_broker(url))
        self.enterContext(inprocess_worker())

    def test_a_message_is_sent_through_rabbitmq(self):
        with transaction.atomic():
            message = email_send_after_commit(to=["ada@example.com"], subject="Via RabbitMQ", body="Hi")

        wait_for(lambda: outbox_status(message) == OutboxEmail.Status.SENT, message="the worker to send")
        self.assertEqual([m.subject for m in mail.outbox], ["Via RabbitMQ"])
