#!/bin/sh
# Production web server: granian's WSGI server running config.wsgi (docs/decisions/web-server.md says why
# granian and not gunicorn). Settings come from the environment:
#   HOST (default 0.0.0.0), PORT (8000), WEB_CONCURRENCY (worker processes, default 2 × cores + 1),
#   WEB_WORKER_LIFETIME (recycle workers after this long, default 6h: a slow leak never becomes an outage).
# Each worker runs one request at a time (--blocking-threads 1), like gunicorn's sync workers: Django's
# views here are synchronous and a thread per worker keeps one database connection per process.
set -eu
workers="${WEB_CONCURRENCY:-$(( $(nproc) * 2 + 1 ))}"
exec granian --interface wsgi \
    --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" \
    --workers "$workers" --blocking-threads 1 \
    --respawn-failed-workers --workers-lifetime "${WEB_WORKER_LIFETIME:-6h}" --workers-kill-timeout 30s \
    --no-access-log \
    config.wsgi:application
