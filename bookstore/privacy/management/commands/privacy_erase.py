"""Erase a reader's account on behalf of support staff, with a dry run that lists what would change."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bookstore.privacy.management.commands._common import user_by_email
from bookstore.privacy.services import PrivacyError, account_erase, account_erasure_plan


class Command(BaseCommand):
    help = "Erase a reader's personal data (their reviews stay, under a placeholder name)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The reader's e-mail address.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would change and change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_email(options["email"])
        if options["dry_run"]:
            for line in account_erasure_plan(user=user).lines():
                self.stdout.write(line)
            self.stdout.write("Dry run: nothing was changed.")
            return
        try:
            plan = account_erase(user=user)
        except PrivacyError as error:
            raise CommandError(str(error)) from error
        for line in plan.lines():
            self.stdout.write(line)
        self.stdout.write(f"Account #{plan.user_id} erased.")
