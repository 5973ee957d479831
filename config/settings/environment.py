"""Reading and validating the environment at start-up.

Every deploy-time value comes from an environment variable. A missing or unsafe value stops the process
with one line naming the variable and the fix, instead of a traceback or, worse, a server that starts
with an insecure default.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import environ

MIN_SECRET_KEY_LENGTH = 50
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1", "testserver", ".localhost"})


@dataclass
class Problems:
    """Collects configuration problems so that all of them are reported at once."""

    lines: list[str] = field(default_factory=list)

    def add(self, variable: str, message: str) -> None:
        self.lines.append(f"Configuration error: {variable} {message}")

    def exit_if_any(self, write: Callable[[str], object] = sys.stderr.write) -> None:
        if self.lines:
            write("\n".join(self.lines) + "\n")
            # SystemExit, not ImproperlyConfigured: Django's management utility swallows the latter and
            # carries on, and a traceback wall would hide the one line that matters.
            raise SystemExit(78)  # EX_CONFIG


def validate(env: environ.Env, *, debug: bool, allowed_hosts: list[str], secret_key: str) -> Problems:
    problems = Problems()
    if not secret_key:
        problems.add(
            "SECRET_KEY",
            "is not set; generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
        )
    elif len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < 5:
        problems.add(
            "SECRET_KEY",
            f"is too short or too simple (need {MIN_SECRET_KEY_LENGTH}+ random characters); "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'",
        )
    if not allowed_hosts:
        problems.add(
            "ALLOWED_HOSTS",
            "is empty; set it to the site's host names, comma-separated (e.g. shop.example.com)",
        )
    public_hosts = [host for host in allowed_hosts if host not in LOCAL_HOSTS]
    if debug and public_hosts:
        problems.add(
            "DEBUG",
            f"is on while ALLOWED_HOSTS names public hosts ({', '.join(public_hosts)}); set DEBUG=False",
        )
    if not env.str("DATABASE_URL", default=""):
        problems.add(
            "DATABASE_URL",
            "is not set; point it at PostgreSQL, e.g. postgres://user:pass@host:5432/bookstore",
        )
    return problems


BROKER_SCHEMES = ("redis", "rediss", "sentinel", "amqp", "amqps", "pyamqp")


def validate_celery(
    *, broker_url: str, soft_time_limit: int, time_limit: int, visibility_timeout: int
) -> Problems:
    """The background-task settings: a known broker, and time limits that cannot cause double delivery."""
    problems = Problems()
    scheme = broker_url.partition("://")[0].split("+")[0]
    if broker_url and ("://" not in broker_url or scheme not in BROKER_SCHEMES):
        problems.add(
            "CELERY_BROKER_URL",
            "must be a Redis (redis://host:6379/0) or RabbitMQ (amqp://user:pass@host:5672//) URL",
        )
    if not 0 < soft_time_limit < time_limit:
        problems.add(
            "CELERY_TASK_SOFT_TIME_LIMIT",
            f"({soft_time_limit} s) must be positive and below CELERY_TASK_TIME_LIMIT ({time_limit} s), "
            "so a task can clean up before it is killed",
        )
    if visibility_timeout <= time_limit:
        problems.add(
            "CELERY_VISIBILITY_TIMEOUT",
            f"({visibility_timeout} s) must exceed CELERY_TASK_TIME_LIMIT ({time_limit} s); otherwise Redis "
            "hands a task that is still running to a second worker",
        )
    return problems
