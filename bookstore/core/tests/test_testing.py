"""The service-requirement helper must skip on a laptop but fail in CI."""

from __future__ import annotations

import pytest

from bookstore.core import testing


def test_a_missing_service_skips_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BOOKSTORE_REQUIRE_SERVICES", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Redis is not available"):
        testing.require_service("Redis", False)


def test_a_missing_service_fails_when_ci_requires_services(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKSTORE_REQUIRE_SERVICES", "1")
    with pytest.raises(pytest.fail.Exception, match="BOOKSTORE_REQUIRE_SERVICES"):
        testing.require_service("Redis", False)


def test_an_available_service_neither_skips_nor_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKSTORE_REQUIRE_SERVICES", "1")
    testing.require_service("Redis", True)  # neither raises skip nor fail


def test_tcp_reachable_reports_a_closed_port() -> None:
    # Port 9 (discard) is not served on the test machines; a refused connection must read as unreachable.
    assert testing.tcp_reachable("redis://127.0.0.1:9", timeout=0.2) is False
