"""A reader's first visit in a real browser: sign up, confirm the address from the mail, sign in, see the
profile, sign out; and a guessed password answered 429 after five tries."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail

from bookstore.accounts.services import user_create_verified
from bookstore.accounts.tests.factories import totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def _mailed_link(contains: str, timeout: float = 10.0) -> str:
    """The path of the first link containing ``contains`` in the newest mail (sent by a task after commit)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            match = re.search(rf"https?://[^/\s]+({re.escape(contains)}\S*)", message.body)
            if match:
                return match.group(1)
        time.sleep(0.1)
    raise AssertionError(f"no mail with a link to {contains}")


def test_sign_up_confirm_sign_in_profile_sign_out(page, live_server):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "ada@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.locator("h1").inner_text() == "Check your inbox"

    page.goto(live_server.url + _mailed_link("/accounts/confirm-email/"))
    assert "ada@example.com" in page.locator("main").inner_text()
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "ada@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url("**/accounts/profile/")
    main = page.locator("main").inner_text()
    assert "Your account" in main
    assert "ada@example.com" in main
    assert "verified" in main

    page.click("header button.link-button")  # "Sign out" posts the logout form
    page.wait_for_load_state()
    assert page.locator("header").get_by_text("Sign in").is_visible()

    # The site's own scripts and styles ran under the CSP, and nothing was refused.
    assert page.evaluate("document.documentElement.dataset.js") == "ready"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 253, 248)"
    assert page.console_log.csp_violations() == []
    assert page.console_log.errors() == []


def test_repeated_wrong_passwords_are_answered_429_with_a_retry_time(page, live_server):
    user_create_verified(email="grace@example.com", password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(5):
        page.fill("input[name=login]", "grace@example.com")
        page.fill("input[name=password]", "not-the-password")
        with page.expect_response(lambda response: response.request.method == "POST") as answer:
            page.click("form.account-form button[type=submit]")
        assert answer.value.status == 200

    page.fill("input[name=login]", "grace@example.com")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.click("form.account-form button[type=submit]")

    assert answer.value.status == 429
    assert 840 <= int(answer.value.headers["retry-after"]) <= 900  # 15 minutes from the first failure
    assert page.locator("h1").inner_text() == "Too many attempts"
    assert "try again in 15 minutes" in page.locator("main").inner_text()


def test_setting_up_two_factor_then_signing_in_with_a_code(page, live_server):
    user_create_verified(email="ada@example.com", password=PASSWORD)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "ada@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url("**/accounts/profile/")

    page.click("text=Manage two-factor authentication")
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    page.fill("input[name=password]", PASSWORD)  # setting up two-factor asks for the password again
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()
    secret = page.input_value("#authenticator_secret")
    setup_code = totp_code(secret)
    page.fill("input[name=code]", setup_code)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/2fa/recovery-codes/")

    page.click("header button.link-button")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", "ada@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    if totp_code(secret) == setup_code:  # a used code cannot be replayed: wait for the app's next one
        time.sleep(30 - time.time() % 30 + 0.5)
    page.fill("input[name=code]", totp_code(secret))
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/profile/")
    assert "Sign-in asks for a code" in page.locator("main").inner_text()
    assert page.console_log.csp_violations() == []
    assert page.console_log.errors() == []
