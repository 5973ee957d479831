# syntax=docker/dockerfile:1
# Multi-stage: uv builds the locked virtualenv in a builder; the final image has no compilers and runs as
# a non-root user.

FROM python:3.13-slim-bookworm AS builder
COPY --from=ghcr.io/astral-sh/uv:0.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked --no-dev --no-install-project
COPY . .
RUN DJANGO_SETTINGS_MODULE=config.settings.base SECRET_KEY=collectstatic-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=') \
    ALLOWED_HOSTS=build.invalid DATABASE_URL=postgres://build@build.invalid/build \
    .venv/bin/python manage.py collectstatic --noinput

# Development image for compose.yaml: the same locked install plus the dev group (debug toolbar, tests).
FROM builder AS dev
RUN --mount=type=cache,target=/root/.cache/uv uv sync --locked
ENV PATH="/app/.venv/bin:$PATH" DJANGO_SETTINGS_MODULE=config.settings.local
CMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]

FROM python:3.13-slim-bookworm AS runtime
# The git sha of this build, in every page-cache key and ETag (`docker build --build-arg RELEASE_ID=$(git rev-parse HEAD)`).
ARG RELEASE_ID=""
ENV RELEASE_ID=$RELEASE_ID
RUN groupadd --system bookstore && useradd --system --gid bookstore --home /app bookstore
ENV PATH="/app/.venv/bin:$PATH" PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.base STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/media
WORKDIR /app
COPY --from=builder --chown=bookstore:bookstore /app /app
RUN mv /app/.data/staticfiles /app/staticfiles && rm -rf /app/.data && mkdir -p /app/media && chown bookstore /app/media
USER bookstore
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"]
# granian WSGI (docs/decisions/web-server.md); deploy/gunicorn.conf.py is the measured alternative.
CMD ["deploy/granian.sh"]
