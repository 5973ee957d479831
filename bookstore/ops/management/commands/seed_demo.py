"""Load demo data for local development, idempotently (``make run`` calls it on every start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bookstore.accounts.models import User
from bookstore.accounts.services import user_create_verified, user_email_mark_verified
from bookstore.catalog.models import Book

DEMO_READER_EMAIL = "reader@example.com"
DEMO_READER_PASSWORD = "demo-reader-password"  # noqa: S105 - a documented demo login, DEBUG only


class Command(BaseCommand):
    help = "Create demo data for local development. Refuses to run with DEBUG off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with known passwords: it only runs with DEBUG=True."
            )
        reader = User.objects.filter(email=DEMO_READER_EMAIL).first()
        if reader is None:
            user_create_verified(
                email=DEMO_READER_EMAIL, password=DEMO_READER_PASSWORD, display_name="Demo Reader"
            )
            self.stdout.write(f"Created demo reader {DEMO_READER_EMAIL} (password: {DEMO_READER_PASSWORD})")
        else:
            # Sign-in needs a verified address; a reader seeded before verification existed gets one.
            user_email_mark_verified(user=reader)
            self.stdout.write("Demo data already present.")
        # A few hundred books with reviews, once: an existing catalog is left alone.
        if not Book.objects.exists():
            call_command(
                "seed_catalog", books=300, reviews=1500, seed=1, stdout=self.stdout, stderr=self.stderr
            )
            call_command("search_reindex", stdout=self.stdout, stderr=self.stderr)
