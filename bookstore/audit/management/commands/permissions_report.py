"""List every staff and superuser account for a periodic access review."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from bookstore.audit.reports import permissions_report_text
from bookstore.audit.selectors import privileged_accounts_review


class Command(BaseCommand):
    help = (
        "List staff and superuser accounts, their groups and permissions, when granted, and flag unused ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--unused-days", type=int, default=90, help="Flag accounts without a login for this long."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["unused_days"] < 1:
            self.stderr.write("--unused-days must be a positive number of days.")
            raise SystemExit(2)
        self.stdout.write(
            permissions_report_text(privileged_accounts_review(unused_after_days=options["unused_days"]))
        )
