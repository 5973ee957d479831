"""``manage.py celery_queues [QUEUE ...]``: how many tasks wait in each queue of the broker.

Exits 1 with one line when no broker is configured or it does not answer.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bookstore.ops.queues import queue_report


class Command(BaseCommand):
    help = (
        "Show how many tasks wait in each broker queue (and, on Redis, how many workers hold unacknowledged)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("queues", nargs="*", help="Queue names (default: every configured queue).")

    def handle(self, *args: Any, queues: list[str], **options: Any) -> None:
        if not settings.CELERY_BROKER_URL:
            raise CommandError(
                "No CELERY_BROKER_URL: tasks run in-process after commit, so there are no queues to show."
            )
        try:
            report = queue_report(queues or None)
        except Exception as error:  # any transport's connection error
            raise CommandError(f"The task broker does not answer: {type(error).__name__}") from error
        rows = list(report.lengths.items())
        if report.unacknowledged is not None:
            rows.append(("(held by workers: running or awaiting retry)", report.unacknowledged))
        width = max(len(name) for name, _ in rows)
        for name, length in rows:
            self.stdout.write(f"{name:<{width}}  {length}")
