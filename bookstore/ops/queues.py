"""What is waiting in the task broker: queue lengths for the ``celery_queues`` command and the readiness check.

Works with both brokers: RabbitMQ answers a passive queue declaration with the message count; on Redis a
queue is a list per priority, counted directly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from celery import current_app

CONNECT_TIMEOUT_SECONDS = 3


@contextmanager
def broker_connection() -> Iterator[Any]:
    """A connection to the configured broker that fails within seconds instead of retrying for ever."""
    with current_app.connection_for_read() as connection:
        connection.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0, timeout=CONNECT_TIMEOUT_SECONDS
        )
        yield connection


def configured_queue_names() -> list[str]:
    """The default queue, every declared queue and every queue a route sends tasks to."""
    conf = current_app.conf
    names = {conf.task_default_queue, *current_app.amqp.queues.keys()}
    routes = conf.task_routes
    if isinstance(routes, dict):
        names.update(
            route["queue"] for route in routes.values() if isinstance(route, dict) and "queue" in route
        )
    return sorted(names)


def _is_redis(connection: Any) -> bool:
    return connection.transport.driver_type == "redis"


@dataclass(frozen=True)
class QueueReport:
    lengths: dict[str, int]
    #: Messages delivered to workers and not yet acknowledged (Redis only; None on RabbitMQ).
    unacknowledged: int | None


def queue_report(names: list[str] | None = None) -> QueueReport:
    names = names or configured_queue_names()
    lengths: dict[str, int] = {}
    with broker_connection() as connection:
        redis_channel = connection.default_channel if _is_redis(connection) else None
        for name in names:
            if redis_channel is not None:
                # Summed over the priority lists. (Not a passive declare: kombu checks existence without the
                # transport's global_keyprefix, so a prefixed queue would always read as missing.)
                lengths[name] = int(redis_channel._size(name))
                continue
            channel = connection.channel()
            try:
                _, count, _ = channel.queue_declare(queue=name, passive=True)
            except connection.channel_errors:
                count = 0  # never declared (nothing ever queued there): empty
            finally:
                channel.close()
            lengths[name] = count
        unacknowledged = None
        if redis_channel is not None:  # the Redis transport keeps in-flight messages in one hash
            unacknowledged = int(redis_channel.client.hlen(redis_channel.unacked_key))
    return QueueReport(lengths=lengths, unacknowledged=unacknowledged)
