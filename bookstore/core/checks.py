"""System checks for background tasks (run by ``manage.py check``, every management command and a worker
starting up — Celery runs Django's checks before it consumes anything).

With Redis as the broker, a message not acknowledged within the visibility timeout is handed to another
worker. Tasks acknowledge late (after they finish), so a task that may run, or wait for its next retry,
longer than that timeout would run twice at the same time. This check refuses such a configuration.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core import checks

REDIS_SCHEMES = ("redis", "rediss", "sentinel")


def task_time_limit_problems(
    tasks: Iterable[Any], *, default_time_limit: int | None, visibility_timeout: int
) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    for task in tasks:
        if not task.name.startswith("bookstore."):
            continue
        hard_limit = task.time_limit or default_time_limit
        if hard_limit is None:
            problems.append(
                checks.Error(
                    f"Task {task.name} has no hard time limit, so it may outlive the Redis visibility "
                    "timeout and run twice.",
                    hint="Set CELERY_TASK_TIME_LIMIT, or time_limit= on the task.",
                    id="core.E001",
                )
            )
        elif hard_limit >= visibility_timeout:
            problems.append(
                checks.Error(
                    f"Task {task.name} may run {hard_limit} s, not less than the Redis visibility timeout "
                    f"({visibility_timeout} s): a second worker would start it while it still runs.",
                    hint="Raise CELERY_VISIBILITY_TIMEOUT or lower the task's time_limit.",
                    id="core.E001",
                )
            )
        retry_wait = getattr(task, "retry_backoff_max", 0) if getattr(task, "autoretry_for", ()) else 0
        if retry_wait >= visibility_timeout:
            problems.append(
                checks.Error(
                    f"Task {task.name} may wait {retry_wait} s for a retry, not less than the Redis "
                    f"visibility timeout ({visibility_timeout} s): the waiting retry would be delivered twice.",
                    hint="Raise CELERY_VISIBILITY_TIMEOUT or lower retry_backoff_max.",
                    id="core.E002",
                )
            )
    return problems


def _import_task_modules() -> None:
    # What Celery's autodiscovery does, without its import signal: a worker runs these checks from that
    # very signal, and sending it again from here would recurse.
    for config in apps.get_app_configs():
        if importlib.util.find_spec(f"{config.name}.tasks") is not None:
            importlib.import_module(f"{config.name}.tasks")


@checks.register("celery")
def check_task_time_limits(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    from celery import current_app

    conf = current_app.conf
    scheme = (conf.broker_url or "").partition("://")[0].split("+")[0]
    if conf.task_always_eager or scheme not in REDIS_SCHEMES:
        return []  # no visibility timeout: RabbitMQ redelivers only when the consumer's connection closes
    _import_task_modules()
    return task_time_limit_problems(
        current_app.tasks.values(),
        default_time_limit=conf.task_time_limit,
        visibility_timeout=int((conf.broker_transport_options or {}).get("visibility_timeout", 3600)),
    )
