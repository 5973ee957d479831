"""`make bench-profile URL=/books/?page=500`: where the time of one uncached request goes.

Renders the URL through the full middleware stack with the production settings on the benchmark database
(run `make bench` once first), the page cache off so the view really runs, and prints a pyinstrument
call tree of the slowest of a few runs, plus the SQL time. For a live server, py-spy works without any
change: `py-spy record -o profile.svg --pid <worker pid>` (or `py-spy top --pid …`) while `make bench` runs.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import server_env


def main(url: str) -> int:
    os.environ.update(server_env())
    os.environ["CATALOG_PAGE_CACHE"] = "False"
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from pyinstrument import Profiler

    client = Client(headers={"host": "127.0.0.1"})
    client.get(url)  # connections, template loading, first-query planning
    best = None
    for _ in range(3):
        profiler = Profiler(interval=0.0005)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            profiler.start()
            response = client.get(url)
            profiler.stop()
            elapsed = time.perf_counter() - started
        if best is None or elapsed < best[0]:
            sql = sum(float(query["time"]) for query in queries.captured_queries)
            best = (elapsed, profiler, response.status_code, len(queries.captured_queries), sql)
    assert best is not None
    elapsed, profiler, status, count, sql = best
    print(f"{url}: HTTP {status}, {elapsed * 1000:.1f} ms, {count} queries, {sql * 1000:.1f} ms in SQL")
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].startswith("/"):
        print("usage: bench/profile.py /path?query", file=sys.stderr)
        raise SystemExit(2)
    raise SystemExit(main(sys.argv[1]))
