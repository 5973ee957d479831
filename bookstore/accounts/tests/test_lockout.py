"""Brute-force protection: failed logins are counted per account and per address, then answered 429."""

import time_machine
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse

from bookstore.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from bookstore.accounts.throttle import login_failure_record, login_lockout
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.core.testing import redis_url


class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def _login(self, password="wrong-password", email="ada@example.com", address="198.51.100.7"):  # noqa: S107
        return self.client.post(
            reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
        )

    def test_five_failures_lock_the_account_with_429_and_a_retry_time(self):
        with time_machine.travel("2026-11-30 10:00:00Z", tick=False):
            for _ in range(5):
                self.assertEqual(self._login().status_code, 200)

            locked = self._login(password=DEFAULT_PASSWORD)

        self.assertEqual(locked.status_code, 429)
        self.assertEqual(locked["Retry-After"], str(15 * 60))
        self.assertContains(locked, "try again in 15 minutes", status_code=429)
        self.assertNotIn(
            SESSION_KEY, self.client.session, "the right password does not open a locked account"
        )
        entry = AuditLog.objects.get(action=AuditAction.LOCKED_OUT)
        self.assertEqual(entry.metadata["identifier"], "ada@example.com")
        self.assertEqual(entry.metadata["scope"], "account")
        self.assertEqual(AuditLog.objects.filter(action=AuditAction.LOGIN_FAILED).count(), 5)

    def test_the_lock_is_per_account_whatever_the_case_or_address(self):
        for index in range(5):
            self._login(email="ADA@example.com", address=f"198.51.100.{index + 1}")

        self.assertEqual(self._login(address="203.0.113.9").status_code, 429)

    def test_the_lock_lifts_when_the_window_ends(self):
        with time_machine.travel("2026-11-30 10:00:00Z", tick=False) as clock:
            for _ in range(5):
                self._login()
            clock.shift(14 * 60)
            still_locked = self._login(password=DEFAULT_PASSWORD)
            self.assertEqual(still_locked["Retry-After"], "60")
            clock.shift(61)

            response = self._login(password=DEFAULT_PASSWORD)

        self.assertEqual(still_locked.status_code, 429)
        self.assertRedirects(response, reverse("accounts:profile"), fetch_redirect_response=False)

    @override_settings(ACCOUNT_LOCKOUT_IP_FAILURES=3)
    def test_one_address_trying_many_accounts_is_locked(self):
        for index in range(3):
            self._login(email=f"someone{index}@example.com")

        response = self._login(email="ada@example.com", password=DEFAULT_PASSWORD)

        self.assertEqual(response.status_code, 429)
        self.assertEqual(self._login(address="203.0.113.9", password=DEFAULT_PASSWORD).status_code, 302)

    def test_other_accounts_are_not_affected(self):
        UserFactory(email="grace@example.com")
        for index in range(5):
            self._login(address=f"198.51.100.{index + 1}")

        response = self._login(email="grace@example.com", password=DEFAULT_PASSWORD, address="203.0.113.9")

        self.assertEqual(response.status_code, 302)

    def test_a_password_reset_lifts_the_lock(self):
        for _ in range(5):
            self._login()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("account_reset_password"), {"email": "ada@example.com"})
        from bookstore.accounts.tests.helpers import link_in_last_mail

        page = self.client.get(link_in_last_mail("/accounts/password/reset/key/"), follow=True)
        self.client.post(
            page.context["action_url"], {"password1": "a-new-passphrase-1", "password2": "a-new-passphrase-1"}
        )

        response = self._login(password="a-new-passphrase-1", address="203.0.113.9")

        self.assertEqual(response.status_code, 302)


class RateLimitPageTests(TestCase):
    def test_signup_flood_gets_the_429_page_with_a_retry_time(self):
        data = {"email": "x", "password1": "a", "password2": "a"}
        for _ in range(10):
            self.client.post(reverse("account_signup"), data)

        response = self.client.post(reverse("account_signup"), data)

        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], "3600")
        self.assertContains(response, "try again in 60 minutes", status_code=429)

    def test_password_reset_requests_are_limited_per_address(self):
        for _ in range(3):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(reverse("account_reset_password"), {"email": "ada@example.com"})

        response = self.client.post(reverse("account_reset_password"), {"email": "ada@example.com"})

        self.assertEqual(response.status_code, 429)


class SharedCounterTests(TestCase):
    """Every web process must see the same counters: with Redis as the cache, they are shared."""

    def test_counters_in_redis_are_seen_by_a_second_connection(self):
        location = redis_url(6)
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": location,
                "KEY_PREFIX": "bookstore-accounts-test",
            }
        }
        with override_settings(CACHES=caches):
            from django.core.cache import caches as handler

            handler.close_all()
            try:
                cache.clear()
                for _ in range(5):
                    login_failure_record(identifier="ada@example.com", ip="198.51.100.7")
                # A second process: a fresh client on the same Redis database.
                from django.core.cache.backends.redis import RedisCache

                other = RedisCache(location, {"KEY_PREFIX": "bookstore-accounts-test"})
                keys = list(other._cache.get_client().keys("*login-failures*"))
                self.assertEqual(len(keys), 4)  # count and window end, for the account and the address
                self.assertIsNotNone(login_lockout(identifier="ada@example.com", ip=None))
            finally:
                cache.clear()
                handler.close_all()
