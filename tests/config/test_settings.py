"""Production settings refuse to start with a missing or unsafe value, in one clear line."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
    "SECRET_KEY": "k" * 20 + "a-perfectly-random-looking-production-key-1234567890",
    "ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "postgres://bookstore@db.invalid:5432/bookstore",
    "DEBUG": "False",
}


def run_check(**overrides):
    # Only the basics from our environment: the test settings' own defaults (HTTPS off…) must not leak in.
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update({key: value for key, value in {**GOOD, **overrides}.items() if value is not None})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_values_pass_check_deploy_without_warnings():
    result = run_check()

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY is too short"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty"),
        ({"DEBUG": "True"}, "DEBUG is on while ALLOWED_HOSTS names public hosts (shop.example.com)"),
        ({"DATABASE_URL": None}, "DATABASE_URL is not set"),
    ],
)
def test_a_missing_or_unsafe_value_stops_start_up_with_one_line(overrides, variable):
    result = run_check(**overrides)

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], "expected exactly one line"
    assert result.stderr.startswith(f"Configuration error: {variable}")
    assert "Traceback" not in result.stderr


def test_previous_secret_keys_still_verify_signatures_during_rotation():
    code = (
        "from django.core import signing; import django; django.setup();"
        "old = signing.dumps('hello', key='old-' + 'x' * 60);"
        "print(signing.loads(old))"
    )
    env = {"PATH": os.environ["PATH"], **GOOD, "SECRET_KEY_FALLBACKS": "old-" + "x" * 60}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "hello"
