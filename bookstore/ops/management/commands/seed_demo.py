"""Load demo data for local development, idempotently (``make run`` calls it on every start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bookstore.accounts.models import User
from bookstore.catalog.models import Book

DEMO_READER_EMAIL = "reader@example.com"


class Command(BaseCommand):
    help = "Create demo data for local development. Refuses to run with DEBUG off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with known passwords: it only runs with DEBUG=True."
            )
        reader, created = User.objects.get_or_create(
            email=DEMO_READER_EMAIL, defaults={"display_name": "Demo Reader"}
        )
        if created:
            reader.set_password("demo-reader-password")
            reader.save(update_fields=["password"])
            self.stdout.write(f"Created demo reader {DEMO_READER_EMAIL} (password: demo-reader-password)")
        else:
            self.stdout.write("Demo data already present.")
        # A few hundred books with reviews, once: an existing catalog is left alone.
        if not Book.objects.exists():
            call_command(
                "seed_catalog", books=300, reviews=1500, seed=1, stdout=self.stdout, stderr=self.stderr
            )
            call_command("search_reindex", stdout=self.stdout, stderr=self.stderr)
