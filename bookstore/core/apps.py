import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("bookstore.core")


class CoreConfig(AppConfig):
    name = "bookstore.core"

    def ready(self) -> None:
        from bookstore.core import checks  # noqa: F401 - registers the system checks

        if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
            logger.info(
                "Background tasks run in this process right after each commit (no CELERY_BROKER_URL); "
                "set it and start `make worker` and `make beat` to run them in the background."
            )
