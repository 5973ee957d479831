"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

The server is pytest-django's ``live_server`` (a real HTTP server on a free port, in this process, on the test
database). Chromium comes from the system (`make browsers` installs it): these tests skip with a loud reason
when it is missing, and fail instead when ``BOOKSTORE_REQUIRE_SERVICES=1`` (CI).

Each test gets a fresh browser context; console messages are collected so a test can prove the CSP blocked
nothing, and a screenshot of the page is kept under ``.data/e2e/`` when a test fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bookstore.core.testing import chromium_path

ARTIFACTS = Path(__file__).resolve().parents[2] / ".data" / "e2e"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between browser
    # steps are still plain synchronous calls, so Django's async-safety guard is lifted for this session only.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(
                executable_path=executable, args=CHROMIUM_ARGS, headless=True
            )
            yield instance
            instance.close()


class ConsoleLog(list[str]):
    def csp_violations(self) -> list[str]:
        return [line for line in self if re.search(r"Content.Security.Policy|Refused to", line, re.I)]

    def errors(self) -> list[str]:
        return [line for line in self if line.startswith("error:")]


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context()
    context.set_default_timeout(15_000)
    tab = context.new_page()
    console = ConsoleLog()
    tab.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: console.append(f"error: {error}"))
    tab.console_log = console
    yield tab
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{request.node.name}.png"
        tab.screenshot(path=str(target), full_page=True)
        print(f"screenshot kept: {target}")  # noqa: T201 - pytest shows it with the failure
    context.close()
