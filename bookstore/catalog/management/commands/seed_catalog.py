"""``manage.py seed_catalog --books N --reviews M --seed S``: deterministic demo and scale data, in bulk."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bookstore.catalog.covers.demo import demo_covers_create
from bookstore.catalog.models import Book
from bookstore.catalog.seeding import CatalogSeeder, catalog_flush, catalog_is_empty
from bookstore.catalog.signals import catalog_changed_after_commit


def _non_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill an empty catalog with realistic, deterministic data (authors, publishers, genres, books, readers "
        "with unusable passwords, reviews) using bulk inserts. The same --seed gives the same catalog."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--books", type=_non_negative, default=300, help="Number of books (default 300).")
        parser.add_argument(
            "--reviews", type=_non_negative, default=1500, help="Number of reviews (default 1500)."
        )
        parser.add_argument(
            "--readers", type=_non_negative, default=None, help="Number of readers (default reviews/20)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="DELETE the whole catalog, its reviews and earlier seeded readers first.",
        )
        parser.add_argument(
            "--covers",
            type=_non_negative,
            default=12,
            help="Books (the first, by id) that get a generated cover through the upload service (default 12).",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing (and succeed) if books exist."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        books, reviews, readers = options["books"], options["reviews"], options["readers"]
        if reviews and not books:
            raise CommandError("--reviews needs at least one book.")
        if options["flush"]:
            deleted = catalog_flush()
            self.stdout.write("Deleted: " + ", ".join(f"{count} {name}" for name, count in deleted.items()))
        elif not catalog_is_empty():
            if options["if_empty"]:
                self.stdout.write("The catalog already has books; nothing seeded.")
                return
            raise CommandError(
                f"The catalog already has {Book.objects.count()} books. seed_catalog fills an empty catalog; "
                "add --flush to delete the catalog first."
            )
        seeder = CatalogSeeder(books=books, reviews=reviews, seed=options["seed"], readers=readers)
        try:
            report = seeder.run(clock=time.perf_counter)
        except ValueError as error:
            raise CommandError(str(error)) from error
        # One announcement without ids ("everything changed"): caches drop the whole catalog. Search vectors
        # are rebuilt in batches by `search_reindex`, not 100,000 ids at a time through the signal.
        catalog_changed_after_commit(sender=Book)
        covers = demo_covers_create(count=min(options["covers"], books), seed=options["seed"])
        total = sum(report.timings.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {report.books} books, {report.reviews} reviews, {report.authors} authors, "
                f"{report.publishers} publishers, {report.genres} genres, {report.readers} readers "
                f"and {covers} covers "
                f"(seed {options['seed']}) in {total:.1f} s"
            )
        )
        self.stdout.write(
            "  " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.timings.items())
        )
