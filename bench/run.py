"""`make bench`: the site under load, against its own ceiling, under gunicorn and granian.

1. Seeds a large catalog once (100,000 books, 1,000,000 reviews, ``seed_catalog``) into its own database on
   the local PostgreSQL (``BENCH_DATABASE_URL``, default ``bookstore_loadbench``) and indexes it for search.
2. Starts the production configuration (``config.settings.base``, DEBUG off, Redis cache, workers from the
   core count) under gunicorn's sync workers and under granian's WSGI server, one after the other, on
   127.0.0.1, with ``BENCH_CEILING_VIEW`` on: a fixed response through the same middleware, the ceiling.
3. Drives each endpoint with wrk (a second process), cold (every request a cache miss) and warm, and records
   requests per second, p50/p99 latency and errors.
4. Writes ``bench/results/<date>.json`` and ``.md`` and puts the table in the README.

Runs in about five minutes once seeded; the first run adds the seeding (about two minutes) and indexing.
Environment knobs: BENCH_DURATION (seconds per run, default 5), BENCH_CONNECTIONS (default 8),
BENCH_SERVERS (default "gunicorn,granian"), BENCH_DATABASE_URL, BENCH_REDIS_URL.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
VENV_BIN = Path(PYTHON).parent

BOOKS = 100_000
REVIEWS = 1_000_000
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bookstore_loadbench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
DURATION = int(os.environ.get("BENCH_DURATION", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
SERVERS = [name.strip() for name in os.environ.get("BENCH_SERVERS", "gunicorn,granian").split(",") if name]
CORES = os.cpu_count() or 1
PORTS = {"gunicorn": 8101, "granian": 8102}

# Targets from the issue, as ratios of the ceiling (rps) and milliseconds (p99).
WARM_TARGET = 0.8
COLD_TARGET = 0.3
P99_TARGET_MS = 100


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def server_env() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        SECRET_KEY="bench-" + secrets.token_urlsafe(48),
        DEBUG="False",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        # Plain HTTP on loopback: no TLS redirect, no proxy in front.
        HTTPS="False",
        BEHIND_PROXY="False",
        BENCH_CEILING_VIEW="True",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(ROOT / ".data" / "bench" / "static"),
        EMAIL_URL="consolemail://",
        CONN_MAX_AGE="600",
        # All load comes from one loopback address: the API's per-address throttle would turn most answers
        # into 429s and measure the throttle, not the endpoint.
        API_THROTTLE_ANON="1000000/min",
        API_THROTTLE_USER="1000000/min",
    )
    return env


def manage(*args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=server_env(),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def django_eval(code: str) -> str:
    return manage("shell", "--no-imports", "-c", code, capture=True).strip().splitlines()[-1]


def prepare_database() -> dict[str, str]:
    """Create, migrate, seed (once), index (once) the bench database; return the endpoints' paths."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    exists = subprocess.run(
        ["psql", admin_url, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        log(f"creating database {name}")
        subprocess.run(["psql", admin_url, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    log("migrating")
    manage("migrate", "--noinput", "-v", "0")
    started = time.monotonic()
    manage("seed_catalog", "--books", str(BOOKS), "--reviews", str(REVIEWS), "--seed", "1", "--if-empty")
    unindexed = int(
        django_eval(
            "from bookstore.catalog.models import Book; print(Book.objects.filter(search_vector__isnull=True).count())"
        )
    )
    if unindexed:
        log(f"indexing {unindexed} books for search")
        manage("search_reindex")
    # Fresh statistics after bulk loads and re-indexing: without them PostgreSQL guesses 1 row for every
    # full-text match and picks a nested loop that makes each search ~10x slower.
    django_eval(
        "from django.db import connection\nwith connection.cursor() as c: c.execute('ANALYZE')\nprint('ok')"
    )
    log(f"data ready in {time.monotonic() - started:.0f} s")
    manage("collectstatic", "--noinput", "-v", "0")
    paths = json.loads(
        django_eval(
            "import json\n"
            "from bookstore.catalog.models import Book\n"
            "book = Book.objects.order_by('-rating_count', 'pk').first()\n"
            "word = next(w for w in Book.objects.order_by('pk').values_list('title', flat=True)[:200]"
            "            for w in [max(w.split(), key=len)] if len(w) >= 6)\n"
            "print(json.dumps({'detail': book.get_absolute_url(), 'book_id': str(book.pk),"
            "                  'word': word.lower().strip('.,:;!?')}))"
        )
    )
    word = re.sub(r"[^a-z]", "", paths["word"]) or "house"
    misspelt = word[:2] + word[3] + word[2] + word[4:]  # two letters swapped: a typical typo
    return {
        "ceiling": "/__bench__/ceiling",
        "home": "/",
        "book list p1": "/books/",
        "book list p500": "/books/?page=500",
        "book detail": paths["detail"],
        f"search '{word}'": f"/search/?q={word}",
        f"search '{misspelt}' (typo)": f"/search/?q={misspelt}",
        "api book list": "/api/v1/books/",
        # The most-reviewed book's reviews: the first cursor page (later pages cost the same by design).
        "api reviews cursor page": f"/api/v1/books/{paths['book_id']}/reviews/",
    }


def server_command(name: str, port: int) -> list[str]:
    workers = CORES * 2 + 1
    if name == "gunicorn":
        return [
            str(VENV_BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "config.wsgi",
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--access-logfile", "/dev/null",
        ]  # fmt: skip
    # The production start script itself, so the benchmark measures what deploys.
    return ["sh", "deploy/granian.sh"]


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not become ready")


def status_of(port: int, path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@dataclass
class Run:
    server: str
    endpoint: str
    path: str
    cache: str  # "cold" | "warm" | "-"
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    ratio: float = 0.0
    target: str = ""
    met: bool | None = None


def wrk(port: int, path: str, *, cold: bool, duration: int = DURATION) -> dict[str, Any]:
    command = [
        "wrk", "-t", "1", "-c", str(CONNECTIONS), "-d", f"{duration}s", "--timeout", "5s",
        "-s", str(ROOT / "bench" / "report.lua"), f"http://127.0.0.1:{port}{path}",
    ]  # fmt: skip
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, env={**os.environ, "COLD": "1" if cold else "0"}
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def measure(server: str, port: int, endpoint: str, path: str, cache: str) -> Run:
    data = wrk(port, path, cold=cache == "cold")
    seconds = data["duration_us"] / 1e6
    errors = sum(data["errors"].values())
    latency = data["latency_us"]
    run = Run(
        server=server,
        endpoint=endpoint,
        path=path,
        cache=cache,
        rps=round(data["requests"] / seconds, 1),
        p50_ms=round(latency["p50"] / 1000, 1),
        p99_ms=round(latency["p99"] / 1000, 1),
        errors=errors,
        requests=data["requests"],
    )
    log(
        f"{server:8} {endpoint:28} {cache:4} {run.rps:8.1f} rps  p50 {run.p50_ms:6.1f} ms  p99 {run.p99_ms:6.1f} ms  errors {errors}"
    )
    return run


def bench_server(name: str, endpoints: dict[str, str]) -> tuple[list[Run], list[str]]:
    port = PORTS[name]
    subprocess.run([PYTHON, "-c", f"import redis; redis.Redis.from_url('{REDIS_URL}').flushdb()"], check=True)
    env = {
        **server_env(), "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(CORES * 2 + 1),
        "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}",
    }  # fmt: skip
    process = subprocess.Popen(
        server_command(name, port), cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    runs: list[Run] = []
    missing: list[str] = []
    try:
        wait_ready(port)
        # Warm-up (discarded): workers import lazily, open their database and Redis connections.
        for path in endpoints.values():
            status_of(port, path)
        wrk(port, endpoints["ceiling"], cold=False, duration=2)
        for endpoint, path in endpoints.items():
            status = status_of(port, path)  # also warms the page for the warm run
            if status != 200:
                missing.append(f"{endpoint} ({path} answered {status})")
                continue
            if endpoint == "ceiling":
                runs.append(measure(name, port, endpoint, path, "-"))
                continue
            runs.append(measure(name, port, endpoint, path, "cold"))
            status_of(port, path)
            runs.append(measure(name, port, endpoint, path, "warm"))
        # The ceiling again at the end: the higher of the two is the ceiling (load from elsewhere only lowers it).
        runs.append(measure(name, port, "ceiling", endpoints["ceiling"], "-"))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
    ceiling = max((run.rps for run in runs if run.endpoint == "ceiling"), default=0.0)
    for run in runs:
        run.ratio = round(run.rps / ceiling, 3) if ceiling else 0.0
        if run.cache == "warm":
            run.target = f">= {WARM_TARGET}x"
            run.met = run.ratio >= WARM_TARGET and run.p99_ms < P99_TARGET_MS and run.errors == 0
        elif run.cache == "cold" and run.endpoint.startswith(("book detail", "search")):
            run.target = f">= {COLD_TARGET}x"
            run.met = run.ratio >= COLD_TARGET and run.p99_ms < P99_TARGET_MS and run.errors == 0
        else:
            run.target = f"p99 < {P99_TARGET_MS} ms"
            run.met = run.p99_ms < P99_TARGET_MS and run.errors == 0
    return runs, missing


@dataclass
class Report:
    date: str
    machine: dict[str, Any]
    settings: dict[str, Any]
    runs: list[Run] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def markdown(report: Report) -> str:
    lines = [
        f"Benchmark of {report.date} — {report.machine['cores']} cores (load average "
        f"{report.machine['load_average_at_start'][0]} at start), "
        f"{report.settings['books']:,} books / {report.settings['reviews']:,} reviews, wrk {report.settings['connections']} "
        f"connections x {report.settings['duration_s']} s per row, production settings (DEBUG off, Redis cache), "
        f"{report.settings['workers']} workers per server. Ratio = requests per second ÷ the ceiling view's on the "
        "same server.",
        "",
        "| server | endpoint | cache | req/s | ratio to ceiling | p50 ms | p99 ms | errors | target | met |",
        "|---|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for run in report.runs:
        met = "—" if run.met is None else ("yes" if run.met else "**no**")
        lines.append(
            f"| {run.server} | {run.endpoint} | {run.cache} | {run.rps:,.0f} | {run.ratio:.2f} | {run.p50_ms} "
            f"| {run.p99_ms} | {run.errors} | {run.target} | {met} |"
        )
    if report.missing:
        lines += [
            "",
            "Not measured (not on main yet, or not answering 200): " + "; ".join(sorted(set(report.missing))),
        ]
    return "\n".join(lines) + "\n"


def update_readme(table: str, date: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    block = f"{start}\nLatest `make bench` ({date}, full report in `bench/results/`):\n\n{table}{end}"
    if start in text:
        text = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n## Performance\n\n" + block + "\n"
    readme.write_text(text)


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is not installed: run `make bench-deps` (Debian's wrk package).", file=sys.stderr)
        return 1
    started = time.monotonic()
    endpoints = prepare_database()
    report = Report(
        date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        machine={
            "cores": CORES,
            "python": sys.version.split()[0],
            "platform": sys.platform,
            # Other work on the machine lowers every number; the ratios to the ceiling are meant to absorb it.
            "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        },
        settings={
            "books": BOOKS, "reviews": REVIEWS, "connections": CONNECTIONS, "duration_s": DURATION,
            "workers": CORES * 2 + 1, "servers": SERVERS,
        },
    )  # fmt: skip
    for name in SERVERS:
        log(f"--- {name} ---")
        runs, missing = bench_server(name, endpoints)
        report.runs += runs
        report.missing += missing
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    (RESULTS / f"{stem}.json").write_text(json.dumps(asdict(report), indent=2) + "\n")
    table = markdown(report)
    (RESULTS / f"{stem}.md").write_text(f"# Benchmark {report.date}\n\n{table}")
    update_readme(table, report.date)
    log(f"done in {time.monotonic() - started:.0f} s: bench/results/{stem}.json and .md, README updated")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
