"""Swagger UI and ReDoc really render in Chromium under the site's CSP (nonces, no 'unsafe-inline')."""

import pytest

from bookstore.core.testing import chromium_path

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        page = browser.new_page()
        problems = []
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if message.type == "error" or "Content Security Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        yield page, problems
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_swagger_ui_renders_the_operations(live_server, browser_page):
    page, problems = browser_page

    response = page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)

    assert "'nonce-" in response.headers["content-security-policy"]
    assert page.locator(".opblock").count() >= 2
    assert page.locator("text=/api/v1/me/").first.is_visible()
    assert problems == []


@pytest.mark.django_db(transaction=True)
def test_redoc_renders_styled_under_the_csp(live_server, browser_page):
    page, problems = browser_page

    page.goto(f"{live_server.url}/api/redoc/")
    page.wait_for_selector(".menu-content >> text=me", timeout=20_000)

    # styled-components inserted its style element with our nonce, so the menu is styled (not raw HTML).
    # (Browsers hide a nonce from getAttribute; the property keeps it.)
    assert page.evaluate("document.querySelector('style[data-styled]').nonce") != ""
    menu_width = page.evaluate("getComputedStyle(document.querySelector('.menu-content')).width")
    assert menu_width.endswith("px")
    assert float(menu_width.removesuffix("px")) > 100
    page.fill("input.search-input", "profile")  # the search index runs in a blob: worker
    page.wait_for_selector("[data-role='search:results'] >> text=Your profile", timeout=10_000)
    # ReDoc's footer links a logo on cdn.redoc.ly: the CSP refuses it, as it should (nothing leaves the site).
    assert [problem for problem in problems if "cdn.redoc.ly" not in problem] == []
