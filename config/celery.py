"""The Celery application, configured from Django settings (``CELERY_*``).

Tasks live in the apps (``bookstore/<app>/tasks.py``, declared with ``shared_task``) and are discovered here;
every task is a :class:`bookstore.core.jobs.BookstoreTask`. Without a broker (``CELERY_BROKER_URL`` unset)
tasks run in-process after commit and there is nothing for a worker or beat to do: both refuse to start
with one line saying so. See ``config/settings/base.py`` for the reliability settings.
"""

from typing import Any

from celery import Celery, signals

# DJANGO_SETTINGS_MODULE comes from the environment (the Makefile, the image, the systemd unit). Setting a
# default here would leak into every process that imports ``config``, including the test runner.

app = Celery("bookstore", task_cls="bookstore.core.jobs:BookstoreTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _require_broker(program: str) -> None:
    # The app's view, not settings: `celery --broker` and the test fixtures set it there.
    if not app.conf.broker_url:
        import sys

        sys.stderr.write(
            f"Configuration error: CELERY_BROKER_URL is not set, so tasks run inside the web process and "
            f"there is nothing for {program} to do; set it (e.g. redis://127.0.0.1:6379/1) to use {program}\n"
        )
        raise SystemExit(78)  # EX_CONFIG


@signals.worker_init.connect
def _worker_needs_a_broker(**_: Any) -> None:
    _require_broker("a worker")


@signals.beat_init.connect
def _beat_needs_a_broker(**_: Any) -> None:
    _require_broker("beat")
