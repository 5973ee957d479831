"""Build a reader's data export now, on behalf of support staff; the reader gets the usual e-mail."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from bookstore.privacy.management.commands._common import user_by_email
from bookstore.privacy.models import DataExport
from bookstore.privacy.services import data_export_build, data_export_request


class Command(BaseCommand):
    help = "Export a reader's data (ZIP of JSON) and e-mail them the download link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True, help="The reader's e-mail address.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_email(options["email"])
        with transaction.atomic():
            export = data_export_request(user=user)
        # Build here as well, so the command works without a running worker (building twice is harmless).
        export = data_export_build(export_id=str(export.pk))
        if export.status != DataExport.Status.READY:
            self.stderr.write(f"Export {export.pk} is {export.status}: {export.error or 'see the logs'}")
            raise SystemExit(1)
        self.stdout.write(
            f"Export {export.pk} ready ({export.file.size} bytes); the link was e-mailed to the reader."
        )
