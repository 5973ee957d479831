"""``manage.py email_outbox_flush [--all]``: hand pending e-mail to the broker (or, without one, send it now).

Beat runs the same flush every 5 minutes. By hand it is for the embedded mode (no broker, so no beat) and
for support: ``--all`` also takes messages handed over less than 15 minutes ago.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bookstore.core.email import email_outbox_flush


class Command(BaseCommand):
    help = "Hand pending outbox e-mail to the broker again (without a broker: send it now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Every pending message, not only those stuck for 15 minutes."
        )

    def handle(self, *args: Any, all: bool, **options: Any) -> None:  # noqa: A002 - the option's name
        count = email_outbox_flush(stale_after=dt.timedelta(0)) if all else email_outbox_flush()
        self.stdout.write(f"Handed over {count} message(s).")
