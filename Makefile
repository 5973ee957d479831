# Bookstore — every developer and CI entry point. `make help` lists them.
#
# Nothing here needs a global install: scripts/uv installs uv and finds (or fetches) Python 3.12+ itself,
# and the embedded PostgreSQL starts when DATABASE_URL is unset.

SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := ./scripts/uv
RUN := $(UV) run --locked --no-sync
# Runs a command with DATABASE_URL set: the given one, or the embedded server's (stopped again afterwards
# if this command started it).
WITH_DB := $(RUN) python -m config.embedded_postgres run --
HOST ?= 127.0.0.1
PORT ?= 8000
# Production-like values for `check --deploy`; nothing here is a real secret.
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=config.settings.base \
	SECRET_KEY=deploy-check-$$(printf '%064d' 0 | tr 0 x)-not-a-real-key-0123456789 \
	ALLOWED_HOSTS=shop.example.com DATABASE_URL=postgres://bookstore@db.invalid:5432/bookstore \
	EMAIL_URL=smtp+tls://mailer@mail.invalid:587

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: sync
sync: ## Install uv if missing and sync the locked dependencies into .venv
	@$(UV) sync --locked --quiet

.PHONY: run
run: sync ## Start the embedded database, migrate, load demo data and serve http://127.0.0.1:8000
	@$(WITH_DB) bash -c 'python manage.py migrate --noinput && python manage.py seed_demo && python manage.py runserver $(HOST):$(PORT)'

.PHONY: test
test: sync ## Run the whole test suite on PostgreSQL
	@$(WITH_DB) python -m pytest $(PYTEST_ARGS)

.PHONY: lint
lint: sync ## Ruff (lint + format), mypy, django-upgrade, makemigrations --check, check --deploy
	$(RUN) ruff check .
	$(RUN) ruff format --check .
	$(RUN) mypy .
	git ls-files -z --cached --others --exclude-standard -- '*.py' | xargs -0 $(RUN) django-upgrade --target-version 6.1 --check
	$(WITH_DB) env DJANGO_SETTINGS_MODULE=config.settings.test python manage.py makemigrations --check --dry-run
	$(DEPLOY_CHECK_ENV) $(RUN) python manage.py check --deploy --fail-level WARNING

.PHONY: format
format: sync ## Apply ruff's fixes and formatting
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

.PHONY: migrate
migrate: sync ## Apply database migrations
	@$(WITH_DB) python manage.py migrate

.PHONY: shell
shell: sync ## Django shell against the development database
	@$(WITH_DB) python manage.py shell

# Background jobs need a broker (CELERY_BROKER_URL, in the environment or .env); without one, tasks run
# inside the web process after commit and these targets say so and stop.
CELERY := env DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} celery -A config

.PHONY: worker
worker: sync ## Start a Celery worker (needs CELERY_BROKER_URL, e.g. redis://127.0.0.1:6379/1)
	@$(WITH_DB) $(CELERY) worker --loglevel=INFO --queues=default

.PHONY: beat
beat: sync ## Start Celery beat, the scheduler of periodic jobs (run exactly one per deployment)
	@$(WITH_DB) $(CELERY) beat --loglevel=INFO

.PHONY: queues
queues: sync ## Show how many tasks wait in each broker queue
	@$(WITH_DB) python manage.py celery_queues

BENCH_SEARCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bookstore_bench_search
BENCH_SEARCH_BOOKS ?= 1000000

.PHONY: bench-search
bench-search: sync ## Search at 1M books: seeds bookstore_bench_search on 127.0.0.1:5432 once, EXPLAIN ANALYZE, writes bench/results/
	@$(RUN) python bench/search_explain.py --database-url $(BENCH_SEARCH_DATABASE_URL) --books $(BENCH_SEARCH_BOOKS) $(BENCH_ARGS)

.PHONY: bench-seed
bench-seed: sync ## Time seed_catalog at 100k books / 1M reviews on the development database (replaces its catalog)
	@$(WITH_DB) bash -c 'python manage.py migrate --noinput && python bench/seed_catalog_timing.py $(BENCH_ARGS)'

.PHONY: browsers
browsers: ## Install Debian's Chromium for the browser tests (tests/e2e) when missing (needs root)
	@if command -v chromium >/dev/null 2>&1; then echo "chromium: $$(command -v chromium)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation; \
	else echo "Install Chromium (Debian: sudo apt-get install chromium); the browser tests skip without it." >&2; exit 1; fi

.PHONY: db-stop
db-stop: ## Stop the embedded PostgreSQL if it is running
	@$(RUN) python -m config.embedded_postgres stop

.PHONY: clean
clean: db-stop ## Stop the embedded database and delete .data/ (database, mail, media) and .venv
	rm -rf .data .venv

.PHONY: bench-deps
bench-deps: ## Install the load generator for `make bench` (Debian's wrk package; needs root or sudo)
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get install -y wrk; else sudo apt-get install -y wrk; fi; }

.PHONY: bench
bench: sync bench-deps ## Load benchmark: 100k books on the local PostgreSQL + Redis, gunicorn vs granian, report in bench/results/ and README (< 10 min)
	@$(RUN) python bench/run.py

.PHONY: bench-profile
bench-profile: sync ## Profile one page of the bench database uncached: make bench-profile URL=/books/?page=500
	@$(RUN) python bench/profile.py "$(URL)"
