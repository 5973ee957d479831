"""Search at scale: EXPLAIN (ANALYZE, BUFFERS) of the search page's queries over a million books.

    make bench-search                      # or: python bench/search_explain.py --books 1000000

Works in its own database on the PostgreSQL server at 127.0.0.1:5432 (``bookstore_bench_search`` by default;
never the development or test database). The first run creates it, migrates, seeds it with
``seed_catalog`` (which also fills the search vectors through ``catalog_changed``) and VACUUM ANALYZEs; later
runs reuse it while it holds the requested number of books (``--reseed`` starts over). Seeding a million
books takes about 25 minutes on the shared 2-core machine.

For each query it runs what ``/search/?q=`` runs (``book_search``: the spelling lookup, then the page with its
total), explains every statement ``--runs`` times and keeps the median planning + execution time. It fails
(exit 1) when a plan reads ``catalog_book`` sequentially or the page does not use the GIN index
``catalog_book_search_idx``; it reports, without failing, whether the 50 ms target was met. Results go to
``bench/results/search-<date>.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bookstore_bench_search"
TARGET_MS = 50.0
GIN_INDEX = "catalog_book_search_idx"
# (label, query): words of the seed's vocabulary (bookstore/catalog/seeding.py), chosen to be its worst cases.
CASES = [
    ("common title word", "winter"),
    ("very common description word", "beautifully"),
    ("misspelt title word", "wintr"),
    ("misspelt author surname", "kowalsky"),
    ("two words", "golden harbour"),
    ("phrase", '"silent river"'),
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_SEARCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--books", type=int, default=1_000_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--runs", type=int, default=7, help="EXPLAIN ANALYZE runs per statement (median kept)."
    )
    parser.add_argument(
        "--reseed", action="store_true", help="Flush and seed again even if the size matches."
    )
    parser.add_argument("--output", type=Path, default=None, help="Report path (default bench/results/…).")
    return parser.parse_args()


def ensure_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("bookstore_bench"):
        sys.exit(
            f"Refusing to use database {name!r}: the benchmark only works in bookstore_bench* databases."
        )
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.")


def ensure_catalog(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    from bookstore.catalog.models import Book
    from bookstore.search.services import search_index_all

    call_command("migrate", verbosity=0)
    books = Book.objects.count()
    if books != args.books or args.reseed:
        print(f"Seeding {args.books} books and {args.reviews} reviews (the database had {books} books)…")
        started = time.perf_counter()
        call_command(
            "seed_catalog", books=args.books, reviews=args.reviews, seed=args.seed, flush=True, verbosity=1
        )
        print(f"Seeded and indexed in {time.perf_counter() - started:.0f} s.")
    missing = Book.objects.filter(search_vector__isnull=True).count()
    if missing:
        print(f"{missing} books have no search vector yet: indexing…")
        search_index_all()
    with connection.cursor() as cursor:
        for table in (
            "catalog_book",
            "catalog_bookauthor",
            "catalog_book_genres",
            "catalog_author",
            "search_searchterm",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def nodes(plan: dict) -> list[dict]:
    found = [plan]
    for child in plan.get("Plans", []):
        found.extend(nodes(child))
    return found


def explain(sql: str, runs: int) -> tuple[float, list[dict], str]:
    """Median planning + execution time (ms), the plan nodes, and one text plan."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            result = cursor.fetchone()[0]
            document = (json.loads(result) if isinstance(result, str) else result)[0]
            times.append(document["Planning Time"] + document["Execution Time"])
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        text = "\n".join(row[0] for row in cursor.fetchall())
    return statistics.median(times), nodes(document["Plan"]), text


def measure(label: str, query: str, runs: int) -> dict:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bookstore.catalog.models import Book
    from bookstore.search.selectors import book_search, search_query

    with CaptureQueriesContext(connection) as captured:
        page = list(book_search(user=AnonymousUser(), query=query, filters={})[:20])
    statements = []
    for item in captured.captured_queries:
        sql = item["sql"]
        median, plan_nodes, text = explain(sql, runs)
        kind = "spelling" if "search_searchterm" in sql else "page"
        seq_book = [
            n
            for n in plan_nodes
            if n.get("Node Type") == "Seq Scan" and n.get("Relation Name") == "catalog_book"
        ]
        indexes = sorted({n["Index Name"] for n in plan_nodes if "Index Name" in n})
        gin = [
            n
            for n in plan_nodes
            if n.get("Node Type") == "Bitmap Index Scan" and n.get("Index Name") == GIN_INDEX
        ]
        heap = [n for n in plan_nodes if n.get("Node Type") == "Bitmap Heap Scan"]
        statements.append(
            {
                "kind": kind,
                "ms": median,
                "seq_scan_book": bool(seq_book),
                "indexes": indexes,
                "plan": text,
                # Where the time goes: building the bitmap of every matching row, then reaching the first row.
                "gin_ms": max((n["Actual Total Time"] for n in gin), default=0.0),
                "first_row_ms": max((n["Actual Startup Time"] for n in heap), default=0.0),
            }
        )
    # Every book the page's tsquery (spelling corrections included) matches, visible or not, uncapped.
    exact_matches = Book.objects.filter(search_vector=search_query(query)).count()
    total = getattr(page[0], "search_total", 0) if page else 0
    return {
        "label": label,
        "query": query,
        "statements": statements,
        "db_ms": sum(s["ms"] for s in statements),
        "shown": len(page),
        "total": total,
        "exact_matches": exact_matches,
        "top": [book.title for book in page[:3]],
    }


def environment() -> dict[str, str]:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
        values = {}
        for name in ("shared_buffers", "work_mem", "effective_cache_size", "random_page_cost"):
            cursor.execute(f"SHOW {name}")
            values[name] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT (SELECT count(*) FROM catalog_book), (SELECT count(*) FROM search_searchterm),"
            " pg_size_pretty(pg_total_relation_size('catalog_book')),"
            " pg_size_pretty(pg_relation_size('catalog_book_search_idx'))"
        )
        books, terms, table_size, index_size = cursor.fetchone()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "PostgreSQL": version,
        "settings": ", ".join(f"{k}={v}" for k, v in values.items()),
        "books": f"{books:,}",
        "vocabulary words": f"{terms:,}",
        "catalog_book (with indexes)": table_size,
        "GIN index": index_size,
        "SEARCH_MAX_RESULTS": str(settings.SEARCH_MAX_RESULTS),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs shared with other work; load average "
        + " / ".join(f"{load:.1f}" for load in os.getloadavg())
        + " (1/5/15 min) when measured",
        "commit": commit,
    }


def report(results: list[dict], env: dict[str, str], runs: int) -> str:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# Search benchmark — {today}",
        "",
        "`bench/search_explain.py` (`make bench-search`): what `/search/?q=` runs, explained with "
        f"`EXPLAIN (ANALYZE, BUFFERS)`, median of {runs} runs per statement (planning + execution).",
        "",
        *(f"- **{key}**: {value}" for key, value in env.items()),
        "",
        f"| case | query | matches | shown total | spelling ms | page ms | of which GIN bitmap | first row | DB ms | < {TARGET_MS:g} ms | GIN | seq scan on books |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|",
    ]
    for r in results:
        by_kind = {s["kind"]: s for s in r["statements"]}
        spelling = f"{by_kind['spelling']['ms']:.1f}" if "spelling" in by_kind else "—"
        page = by_kind.get("page", {"ms": 0.0, "indexes": [], "gin_ms": 0.0, "first_row_ms": 0.0})
        lines.append(
            f"| {r['label']} | `{r['query']}` | {r['exact_matches']:,} | {r['total']:,} | {spelling} | "
            f"{page['ms']:.1f} | {page['gin_ms']:.1f} | {page['first_row_ms']:.1f} | {r['db_ms']:.1f} | {'yes' if r['db_ms'] < TARGET_MS else '**no**'} | "
            f"{'yes' if GIN_INDEX in page['indexes'] else '**no**'} | "
            f"{'**yes**' if any(s['seq_scan_book'] for s in r['statements']) else 'no'} |"
        )
    missed = [r for r in results if r["db_ms"] >= TARGET_MS]
    lines += ["", "## Target", ""]
    if not missed:
        lines.append(f"Every case answered in under {TARGET_MS:g} ms of database time.")
    for r in missed:
        page = next(
            (st for st in r["statements"] if st["kind"] == "page"), {"gin_ms": 0.0, "first_row_ms": 0.0}
        )
        lines.append(
            f"- `{r['query']}` ({r['exact_matches']:,} matches): {r['db_ms'] - TARGET_MS:.0f} ms over; the GIN "
            f"bitmap of every match took {page['gin_ms']:.0f} ms and the first candidate row arrived at "
            f"{page['first_row_ms']:.0f} ms."
        )
    if missed:
        lines += [
            "",
            "Cause: a GIN index answers `@@` with a bitmap of *every* matching row before the first row comes out,",
            "so the cost grows with the number of matches even though only `SEARCH_MAX_RESULTS` are ranked (ranking",
            "all of them, as before the cap, cost 550-900 ms). The seed's vocabulary is tiny (about 200 distinct",
            "title and author words), so each of its words is in 1-16% of a million books: tens of thousands of",
            "matches, which a real catalog's long tail rarely produces. Selective queries stay well inside the",
            "target. Not done, and what would close the gap: an index that returns rows already ordered by rank",
            "and stops early (the RUM extension, not available here), or a small GIN index over titles and",
            "authors only, tried before the full vector. Anonymous result pages are cached (bookstore/caching), so a",
            "popular common word costs this once per catalog change, not per request. Timings on this shared",
            "machine vary by 2x between runs (see the load average above).",
        ]
    lines += [
        "",
        "*matches*: books the query matches in the whole catalog; *shown total*: what the page reports (at most",
        "`SEARCH_MAX_RESULTS`). *of which GIN bitmap*: time the Bitmap Index Scan on the GIN index took to collect",
        "every matching row id; *first row*: when the heap scan produced its first candidate. Ranking, the",
        "authors/genres sub-selects and the snippets of the 20 shown books make up the rest.",
        "",
        "Top results:",
        "",
    ]
    lines += [f"- `{r['query']}` → " + "; ".join(r["top"]) for r in results]
    for r in results[:3]:
        page = next((s for s in r["statements"] if s["kind"] == "page"), None)
        if page:
            lines += ["", f"## Page plan: {r['label']} (`{r['query']}`)", "", "```", page["plan"], "```"]
    return "\n".join(lines) + "\n"


def main() -> int:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ["DATABASE_STATEMENT_TIMEOUT_MS"] = "0"
    ensure_database(args.database_url)

    import django

    django.setup()
    ensure_catalog(args)
    results = [measure(label, query, args.runs) for label, query in CASES]
    env = environment()
    text = report(results, env, args.runs)
    output = args.output or ROOT / "bench" / "results" / f"search-{dt.datetime.now(dt.UTC):%Y-%m-%d}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text)
    print(text)
    print(f"Written to {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output}")

    problems = []
    for r in results:
        if any(s["seq_scan_book"] for s in r["statements"]):
            problems.append(f"{r['query']!r}: a plan reads catalog_book sequentially")
        if r["total"] and not any(GIN_INDEX in s["indexes"] for s in r["statements"] if s["kind"] == "page"):
            problems.append(f"{r['query']!r}: the page does not use {GIN_INDEX}")
    for problem in problems:
        print(f"FAIL: {problem}", file=sys.stderr)
    slow = [r["query"] for r in results if r["db_ms"] >= TARGET_MS]
    if slow:
        print(f"Target of {TARGET_MS:g} ms missed for: {', '.join(slow)} (see the report)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
