"""Settings for worker subprocesses started by the integration tests (see ``celery_fixtures.worker_process``).

The test settings, plus what the test process tells the worker through the environment:

* ``TEST_BROKER_KEYPREFIX`` / ``TEST_TASK_DEFAULT_QUEUE``: the Redis key prefix or RabbitMQ queue of this test
  (test runs share the broker server and must not see each other's messages);
* ``TEST_MAIL_DIR``: write mail there through a backend the test can hold mid-send;
* ``TEST_VISIBILITY_TIMEOUT``: a short Redis visibility timeout swept every second, so a test can watch the
  messages of a dead worker go to another one without waiting 15 minutes.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS, MAILERS

CELERY_BROKER_TRANSPORT_OPTIONS = dict(CELERY_BROKER_TRANSPORT_OPTIONS)
if os.environ.get("TEST_BROKER_KEYPREFIX"):
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = os.environ["TEST_BROKER_KEYPREFIX"]
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("TEST_TASK_DEFAULT_QUEUE") or "default"
if os.environ.get("TEST_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS.update(
        visibility_timeout=int(os.environ["TEST_VISIBILITY_TIMEOUT"]),
        unacked_restore_interval=1,
        unacked_restore_throttle=1,
    )
if os.environ.get("TEST_MAIL_DIR"):
    MAILERS = {
        "default": {
            "BACKEND": "bookstore.core.tests.mail_backends.GatedFileBackend",
            "OPTIONS": {"file_path": os.environ["TEST_MAIL_DIR"]},
        }
    }
