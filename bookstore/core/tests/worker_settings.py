"""Settings for worker subprocesses started by the integration tests (see ``celery_fixtures.py``).

The test settings, plus: mail written to ``TEST_MAIL_DIR`` through a backend the test can hold mid-send,
and, when ``TEST_VISIBILITY_TIMEOUT`` is set, a short Redis visibility timeout swept every second, so a test
can watch the messages of a dead worker go to another one without waiting 15 minutes.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import CELERY_BROKER_TRANSPORT_OPTIONS

MAILERS = {
    "default": {
        "BACKEND": "bookstore.core.tests.mail_backends.GatedFileBackend",
        "OPTIONS": {"file_path": os.environ["TEST_MAIL_DIR"]},
    }
}
if os.environ.get("TEST_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,
        "visibility_timeout": int(os.environ["TEST_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
