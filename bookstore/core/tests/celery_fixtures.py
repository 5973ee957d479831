"""Run tasks through a real broker and a real Celery worker in tests. Reusable by every app.

The test settings have no broker (tasks run eagerly, in-process). Integration tests switch the project's
Celery app to a real broker for their duration and start a worker:

* :func:`broker_url_or_skip` — the broker to use (``TEST_CELERY_BROKER_URL``, else Redis DB 3 of
  ``TEST_REDIS_URL``). When it does not answer, the test is skipped with one line naming the URL; with
  ``BOOKSTORE_REQUIRE_SERVICES=1`` (CI) that is a failure instead (``bookstore.core.testing``).
* :func:`live_broker` — point the app at that broker (no eager mode) and empty it first.
* :func:`inprocess_worker` — ``celery.contrib.testing.worker`` in a thread of the test process: quick to
  start, shares ``django.core.mail.outbox``.
* :func:`worker_process` — ``celery -A config worker`` as a subprocess (prefork pool), for tests that kill
  processes. It uses the test database, so it sees what the test committed.

Both workers run in other threads or processes with their own database connections, so the test must
commit: use ``TransactionTestCase`` (or ``pytest.mark.django_db(transaction=True)``). Example::

    class ThumbnailWorkerTests(TransactionTestCase):
        def setUp(self):
            url = broker_url_or_skip(db=7)  # your own Redis DB number
            self.enterContext(live_broker(url))
            self.enterContext(inprocess_worker())

        def test_the_worker_makes_thumbnails(self):
            cover = ...  # committed; the service enqueues with transaction.on_commit
            wait_for(lambda: Cover.objects.get(pk=cover.pk).status == "ready")

pytest users can take the same from fixtures: ``celery_broker_url``, ``celery_live_app`` and
``celery_inprocess_worker`` (import them into a ``conftest.py``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from celery import Celery, current_app
from django.conf import settings
from django.db import connection
from kombu import Connection
from kombu import pools as kombu_pools

from bookstore.core.testing import REDIS_TEST_URL, require_service

BROKER_ENV = "TEST_CELERY_BROKER_URL"
DEFAULT_BROKER_DB = 3
QUEUE = settings.CELERY_TASK_DEFAULT_QUEUE


def broker_url_or_skip(db: int = DEFAULT_BROKER_DB) -> str:
    """The broker for integration tests, if it answers; otherwise skip (or fail when services are required).

    ``TEST_CELERY_BROKER_URL`` wins (a RabbitMQ URL works too); otherwise the test Redis server with DB ``db``
    (pick your own number so tests running at the same time do not share queues).
    """
    url = os.environ.get(BROKER_ENV) or f"{REDIS_TEST_URL.rstrip('/')}/{db}"
    require_service("Celery broker", _broker_answers(url), f"{_safe(url)} does not answer; set {BROKER_ENV}")
    return url


def _broker_answers(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=2, transport_options={"socket_connect_timeout": 2}) as probe:
            probe.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
            probe.default_channel  # noqa: B018 - opening a channel proves the broker answers
    except Exception:  # any transport's connection error
        return False
    return True


def _safe(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"


@contextmanager
def celery_conf(app: Celery | None = None, **overrides: Any) -> Iterator[Celery]:
    """Change the Celery app's configuration for the duration (closing pooled broker connections)."""
    app = app or current_app
    saved = {key: app.conf[key] for key in overrides}
    _drop_connections(app)
    app.conf.update(overrides)
    try:
        yield app
    finally:
        _drop_connections(app)
        app.conf.update(saved)


def _drop_connections(app: Celery) -> None:
    # Pooled connections remember the broker they were opened for, and kombu shares its pools between
    # apps by connection: close them all. (Not app.close(): that also unregisters the app, and tasks
    # declared afterwards would no longer be added to it.)
    kombu_pools.reset()
    app._after_fork()
    # Queues, routes and the default queue are cached from the configuration (and a worker adds the queues it
    # consumes): forget them so they are rebuilt from the configuration now in force.
    amqp = app.amqp
    for cached in ("queues", "default_queue", "router"):
        amqp.__dict__.pop(cached, None)
    amqp._rtable = None


def _is_redis(url: str) -> bool:
    return url.partition("://")[0] in ("redis", "rediss")


def broker_reset(url: str, *, keyprefix: str = "", queue: str = QUEUE) -> None:
    """Remove what one test left in the broker: its keys on Redis (queues, messages held by dead workers),
    its queue on RabbitMQ. Other test runs share the server, so nothing else is touched."""
    with Connection(url) as conn:
        channel = conn.default_channel
        if _is_redis(url):
            if keyprefix:
                keys = list(channel.client.scan_iter(match=f"{keyprefix}*", count=1000))
                if keys:
                    channel.client.delete(*keys)
        else:
            with suppress(*conn.channel_errors):
                channel.queue_delete(queue)


@contextmanager
def live_broker(url: str, *, visibility_timeout: int | None = None) -> Iterator[Celery]:
    """Send tasks to a real broker instead of running them eagerly, isolated from every other test run.

    Test runs of several people (and CI) share one Redis: each ``live_broker`` gets its own key prefix on
    Redis (``global_keyprefix``: queues, unacknowledged messages, everything) or its own queue on RabbitMQ,
    and removes it afterwards. Workers started inside it (:func:`inprocess_worker`, :func:`worker_process`)
    use the same.
    """
    run = uuid.uuid4().hex[:10]
    transport_options = dict(settings.CELERY_BROKER_TRANSPORT_OPTIONS)
    if visibility_timeout is not None:
        transport_options.update(
            visibility_timeout=visibility_timeout, unacked_restore_interval=1, unacked_restore_throttle=1
        )
    keyprefix, queue = "", QUEUE
    if _is_redis(url):
        keyprefix = transport_options["global_keyprefix"] = f"bookstore-test-{run}:"
    else:
        queue = f"bookstore-test-{run}"
    with celery_conf(
        broker_url=url,
        task_always_eager=False,
        broker_transport_options=transport_options,
        task_default_queue=queue,
    ) as app:
        try:
            yield app
        finally:
            broker_reset(url, keyprefix=keyprefix, queue=queue)


@contextmanager
def inprocess_worker(app: Celery | None = None, **options: Any) -> Iterator[Any]:
    """A worker thread in this process (solo pool), consuming the default queue."""
    from celery.contrib.testing.worker import start_worker

    app = app or current_app
    options = {
        "pool": "solo",
        "concurrency": 1,
        "perform_ping_check": False,
        "shutdown_timeout": 30,
        "loglevel": "WARNING",
        "queues": [app.conf.task_default_queue],
        **options,
    }
    with start_worker(app, **options) as worker:
        yield worker


def test_database_url() -> str:
    """The URL of the database this test run uses (the test database, not the development one)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(str(db.get("HOST") or ""), safe="")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{credentials}@{host}{port}/{db['NAME']}"


test_database_url.__test__ = False  # not a test, whatever its name


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes: a machine losing power, as far as Celery can tell."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


@contextmanager
def worker_process(
    broker_url: str,
    log_dir: Path,
    *,
    env: dict[str, str] | None = None,
    settings_module: str = "bookstore.core.tests.worker_settings",
    concurrency: int = 1,
    startup_timeout: float = 120,
) -> Iterator[WorkerProcess]:
    """``celery -A config worker`` in a new process group, on the test database; stopped afterwards.

    It consumes what the test process publishes: same broker, key prefix and queue (see :func:`live_broker`).
    """
    conf = current_app.conf
    queue = conf.task_default_queue
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    log = log_dir / f"worker-{uuid.uuid4().hex[:8]}.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": broker_url,
        "TEST_BROKER_KEYPREFIX": (conf.broker_transport_options or {}).get("global_keyprefix", ""),
        "TEST_TASK_DEFAULT_QUEUE": queue,
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker",
        "--loglevel=INFO", "--pool=prefork", f"--concurrency={concurrency}", f"--queues={queue}",
        "--without-mingle", "--without-gossip", "--without-heartbeat", f"--hostname={name}",
    ]  # fmt: skip
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: one killpg reaches the pool processes too
        )
    worker = WorkerProcess(process=process, log=log)
    try:
        wait_for(
            lambda: " ready." in worker.log_text() or process.poll() is not None,
            timeout=startup_timeout,
            message="the worker to start",
        )
        if process.poll() is not None:
            raise RuntimeError(f"The worker exited with {process.returncode}:\n{worker.log_text()[-3000:]}")
        yield worker
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


def wait_for(condition: Callable[[], object], *, timeout: float = 30, message: str = "the condition") -> None:
    """Poll ``condition`` until it is true; fail with ``message`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {message}")
        time.sleep(0.1)


# --- pytest fixtures (import into a conftest.py to use them) ----------------------------------------------


@pytest.fixture
def celery_broker_url() -> str:
    return broker_url_or_skip()


@pytest.fixture
def celery_live_app(celery_broker_url: str) -> Iterator[Celery]:
    with live_broker(celery_broker_url) as app:
        yield app


@pytest.fixture
def celery_inprocess_worker(celery_live_app: Celery) -> Iterator[Any]:
    with inprocess_worker(celery_live_app) as worker:
        yield worker
