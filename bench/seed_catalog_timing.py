"""Time ``seed_catalog`` (100,000 books, 1,000,000 reviews by default) and the CPU it costs on both sides.

On a shared machine the wall time depends on the neighbours; the CPU seconds of this process plus the
PostgreSQL backend serving it are what an otherwise idle machine needs (plus disk waits). Run:

    make bench-seed            # or: python bench/seed_catalog_timing.py --books 100000 --reviews 1000000

It flushes the catalog of the database it runs against: use the development or a scratch database.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.db import connection  # noqa: E402

from bookstore.catalog.seeding import CatalogSeeder, catalog_flush  # noqa: E402


def backend_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    catalog_flush()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    backend_before = backend_cpu_seconds(pid)
    own_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    report = CatalogSeeder(books=args.books, reviews=args.reviews, seed=args.seed).run(
        clock=time.perf_counter
    )
    wall = time.perf_counter() - started
    own_after = resource.getrusage(resource.RUSAGE_SELF)
    own = (own_after.ru_utime - own_before.ru_utime) + (own_after.ru_stime - own_before.ru_stime)
    backend = backend_cpu_seconds(pid) - backend_before
    print(f"seed_catalog: {report.books} books, {report.reviews} reviews, {report.readers} readers")
    print("  " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in report.timings.items()))
    print(
        f"  wall {wall:.1f} s; CPU: python {own:.1f} s + postgres backend {backend:.1f} s = {own + backend:.1f} s"
    )
    print(f"  load average during the run (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
