"""Session policy: idle timeout, absolute lifetime, cookie flags, no-store, sessions list, log out everywhere."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import time_machine
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import TestCase, override_settings
from django.urls import reverse

from bookstore.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog

START = dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC)


class SessionTimeoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def _sign_in(self):
        response = self.client.post(
            reverse("account_login"), {"login": "ada@example.com", "password": DEFAULT_PASSWORD}
        )
        self.assertEqual(response.status_code, 302)

    def test_a_session_idle_for_more_than_30_minutes_is_signed_out(self):
        with time_machine.travel(START, tick=False) as clock:
            self._sign_in()
            clock.shift(dt.timedelta(minutes=29))
            self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)
            clock.shift(dt.timedelta(minutes=29))  # activity above reset the idle clock
            self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)
            clock.shift(dt.timedelta(minutes=31))

            response = self.client.get(reverse("accounts:profile"))

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.assertEqual(AuditLog.objects.filter(action=AuditAction.LOGOUT).count(), 1)

    @override_settings(SESSION_IDLE_TIMEOUT_SECONDS=5 * 60)
    def test_the_idle_timeout_is_configurable(self):
        with time_machine.travel(START, tick=False) as clock:
            self._sign_in()
            clock.shift(dt.timedelta(minutes=6))

            response = self.client.get(reverse("accounts:profile"))

        self.assertEqual(response.status_code, 302)

    @override_settings(SESSION_IDLE_TIMEOUT_SECONDS=24 * 3600)
    def test_an_active_session_still_ends_after_14_days(self):
        with time_machine.travel(START, tick=False) as clock:
            self._sign_in()
            statuses = []
            for _ in range(30):  # a request every 12 hours, never idle for long
                clock.shift(dt.timedelta(hours=12))
                statuses.append(self.client.get(reverse("accounts:profile")).status_code)

        # 28 requests within the 14 days succeed; the one after the 14th day finds the session ended.
        self.assertEqual(statuses[:28], [200] * 28)
        self.assertEqual(statuses[28], 302)
        self.assertNotIn(SESSION_KEY, self.client.session)


class CookieAndCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def test_session_cookie_flags(self):
        response = self.client.post(
            reverse("account_login"), {"login": "ada@example.com", "password": DEFAULT_PASSWORD}
        )

        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")

    def test_production_settings(self):
        # The production module, read in a fresh process with production-like values (tests run without HTTPS).
        env = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.base",
            SECRET_KEY="k" * 20 + "a-perfectly-random-looking-production-key-1234567890",
            ALLOWED_HOSTS="shop.example.com",
            DATABASE_URL="postgres://bookstore@db.invalid:5432/bookstore",
        )
        code = (
            "from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE,"
            " s.SESSION_IDLE_TIMEOUT_SECONDS, s.SESSION_COOKIE_AGE, s.PASSWORD_HASHERS[0].rsplit('.', 1)[1])"
        )
        result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed command
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=Path(__file__).resolve().parents[3],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

        self.assertEqual(
            result.stdout.split(),
            ["__Host-sessionid", "True", "True", "Lax", "1800", "1209600", "Argon2PasswordHasher"],
            result.stderr,
        )

    def test_argon2id_is_the_hash(self):
        from django.contrib.auth.hashers import Argon2PasswordHasher

        self.assertTrue(
            Argon2PasswordHasher().encode("a-long-passphrase", "saltsaltsalt").startswith("argon2$argon2id$")
        )

    def test_personal_pages_are_not_stored(self):
        self.client.force_login(self.reader)

        for url in (
            reverse("accounts:profile"),
            reverse("account_email"),
            reverse("mfa_index"),
            reverse("usersessions_list"),
        ):
            with self.subTest(url):
                response = self.client.get(url)

                self.assertEqual(response.status_code, 200)
                self.assertIn("no-store", response["Cache-Control"])
                self.assertIn("private", response["Cache-Control"])

    def test_the_login_page_is_not_stored_either(self):
        self.assertIn("no-store", self.client.get(reverse("account_login"))["Cache-Control"])


class ProfileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com", display_name="Ada")

    def test_requires_login(self):
        response = self.client.get(reverse("accounts:profile"))

        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("account_login"), response["Location"])

    def test_shows_addresses_mfa_status_sessions_and_privacy_links(self):
        self.client.post(
            reverse("account_login"),
            {"login": "ada@example.com", "password": DEFAULT_PASSWORD},
            REMOTE_ADDR="198.51.100.7",
            headers={"user-agent": "Firefox/140"},
        )

        response = self.client.get(reverse("accounts:profile"))

        self.assertContains(response, "ada@example.com")
        self.assertContains(response, 'value="Ada"')
        self.assertContains(response, "Two-factor authentication")
        self.assertContains(response, "198.51.100.7")
        self.assertContains(response, "Firefox/140")
        self.assertContains(response, "this device")
        self.assertContains(response, reverse("privacy:overview"))

    def test_display_name_is_saved_and_audited(self):
        self.client.force_login(self.reader)

        response = self.client.post(reverse("accounts:profile"), {"display_name": "  Countess  "})

        self.assertRedirects(response, reverse("accounts:profile"))
        self.reader.refresh_from_db()
        self.assertEqual(self.reader.display_name, "Countess")
        entry = AuditLog.objects.get(action=AuditAction.USER_UPDATED)
        self.assertEqual(entry.changes, {"display_name": ["Ada", "Countess"]})

    def test_a_too_long_display_name_is_refused_and_nothing_changes(self):
        self.client.force_login(self.reader)

        response = self.client.post(reverse("accounts:profile"), {"display_name": "x" * 81})

        self.assertContains(response, "at most 80 characters", status_code=400)
        self.reader.refresh_from_db()
        self.assertEqual(self.reader.display_name, "Ada")
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.USER_UPDATED).exists())

    def test_log_out_everywhere_ends_every_session(self):
        laptop, phone = self.client_class(), self.client_class()
        for client in (laptop, phone):
            client.post(reverse("account_login"), {"login": "ada@example.com", "password": DEFAULT_PASSWORD})

        response = laptop.post(reverse("accounts:logout-everywhere"))

        self.assertRedirects(response, reverse("account_login"))
        for client in (laptop, phone):
            self.assertEqual(client.get(reverse("accounts:profile")).status_code, 302)
        self.assertFalse(UserSession.objects.filter(user=self.reader).exists())
        self.assertFalse(
            [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(self.reader.pk)]
        )
        self.assertEqual(AuditLog.objects.get(action=AuditAction.SESSIONS_ENDED).metadata["ended"], 2)

    def test_log_out_everywhere_is_post_only(self):
        self.client.force_login(self.reader)

        self.assertEqual(self.client.get(reverse("accounts:logout-everywhere")).status_code, 405)
        self.assertIn(SESSION_KEY, self.client.session)


class EveryAccountPageRendersTests(TestCase):
    """Each account page renders in the site's layout (base.html) for a reader with two-factor on."""

    def test_pages(self):
        from bookstore.accounts.tests.factories import totp_enable

        reader = UserFactory(email="ada@example.com")
        totp_enable(reader)
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        RecoveryCodes.activate(reader)
        self.client.force_login(reader)
        self.client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
        for name in (
            "accounts:profile",
            "account_email",
            "account_change_password",
            "account_reauthenticate",
            "mfa_index",
            "mfa_view_recovery_codes",
            "mfa_generate_recovery_codes",
            "mfa_deactivate_totp",
            "usersessions_list",
            "account_logout",
        ):
            with self.subTest(name):
                response = self.client.get(reverse(name))

                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="site-header"')
        self.client.logout()
        for name in (
            "account_login",
            "account_signup",
            "account_reset_password",
            "account_reset_password_done",
        ):
            with self.subTest(name):
                response = self.client.get(reverse(name))

                self.assertEqual(response.status_code, 200)
                self.assertContains(response, 'class="site-header"')
