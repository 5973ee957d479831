"""``manage.py search_reindex``: recompute every book's search vector and refresh the spelling vocabulary.

Needed after bulk loads that bypass the services (``seed_catalog``, imports) and after changing how vectors
are built. Safe to run while the site serves: it works in short primary-key batches.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from bookstore.search.services import search_index_all, search_vocabulary_prune


class Command(BaseCommand):
    help = "Recompute every book's search vector and the spelling vocabulary."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=5000, help="Books per transaction.")
        parser.add_argument(
            "--prune", action="store_true", help="Also delete vocabulary words no book or author uses."
        )

    def handle(self, *args: Any, batch_size: int, prune: bool, **options: Any) -> None:
        if batch_size < 1:
            self.stderr.write("--batch-size must be at least 1.")
            raise SystemExit(2)
        verbose = options["verbosity"] > 1
        total = search_index_all(
            batch_size=batch_size,
            progress=(lambda done: self.stdout.write(f"  {done} books indexed")) if verbose else None,
        )
        self.stdout.write(f"Indexed {total} books.")
        # A bulk rewrite of every vector leaves the planner's statistics stale, and with stale statistics it
        # misjudges how many rows a word matches (a search measured at 410 ms before ANALYZE, 46 ms after).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_book")
        if prune:
            self.stdout.write(f"Removed {search_vocabulary_prune()} unused vocabulary words.")
