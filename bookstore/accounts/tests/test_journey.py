"""The whole account journey through Django's test client and the mail outbox."""

import datetime as dt

import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.models import User
from bookstore.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory
from bookstore.accounts.tests.helpers import link_in_last_mail
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog

PASSWORD = "a-long-and-unusual-passphrase"


class SignupJourneyTests(TestCase):
    def _signup(self, email="ada@example.com", password=PASSWORD):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                reverse("account_signup"), {"email": email, "password1": password, "password2": password}
            )

    def test_signup_verify_login_profile_logout(self):
        response = self._signup(email=" Ada@Example.com ")

        self.assertRedirects(response, reverse("account_email_verification_sent"))
        user = User.objects.get()
        self.assertEqual(user.email, "ada@example.com")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["ada@example.com"])
        self.assertNotIn(SESSION_KEY, self.client.session)

        # Unverified: signing in is refused and a fresh link is sent.
        with self.captureOnCommitCallbacks(execute=True):
            refused = self.client.post(
                reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
            )
        self.assertRedirects(refused, reverse("account_email_verification_sent"))
        self.assertNotIn(SESSION_KEY, self.client.session)

        link = link_in_last_mail("/accounts/confirm-email/")
        page = self.client.get(link)
        self.assertContains(page, "ada@example.com")
        self.assertFalse(EmailAddress.objects.get().verified, "a GET (mail scanner) must not confirm")
        confirmed = self.client.post(link)
        self.assertEqual(confirmed.status_code, 302)
        self.assertTrue(EmailAddress.objects.get(email="ada@example.com").verified)

        login = self.client.post(reverse("account_login"), {"login": "ADA@example.com", "password": PASSWORD})
        self.assertRedirects(login, reverse("accounts:profile"))
        profile = self.client.get(reverse("accounts:profile"))
        self.assertContains(profile, "ada@example.com")
        self.assertContains(profile, "verified")

        self.assertEqual(self.client.get(reverse("account_logout")).status_code, 200, "GET only asks")
        self.assertIn(SESSION_KEY, self.client.session)
        self.client.post(reverse("account_logout"))
        self.assertNotIn(SESSION_KEY, self.client.session)

        actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
        for expected in (
            AuditAction.USER_CREATED,
            AuditAction.EMAIL_CONFIRMED,
            AuditAction.LOGIN,
            AuditAction.LOGOUT,
        ):
            self.assertIn(expected, actions)

    def test_a_used_confirmation_link_is_refused_clearly(self):
        self._signup()
        link = link_in_last_mail("/accounts/confirm-email/")
        self.client.post(link)

        again = self.client.get(link)

        self.assertContains(again, "expired or has already been used")

    def test_a_forged_confirmation_link_is_refused_clearly(self):
        response = self.client.get(reverse("account_confirm_email", args=["not-a-key"]))

        self.assertContains(response, "expired or has already been used")

    def test_duplicate_address_in_another_case_creates_nothing_and_tells_the_owner(self):
        UserFactory(email="ada@example.com")

        response = self._signup(email="ADA@Example.COM")

        # The same answer as a new address (no account enumeration); the mail tells the owner.
        self.assertRedirects(response, reverse("account_email_verification_sent"))
        self.assertEqual(User.objects.count(), 1)
        self.assertEqual(mail.outbox[-1].to, ["ada@example.com"])
        self.assertIn("already", mail.outbox[-1].subject.lower() + mail.outbox[-1].body.lower())

    def test_bad_input_gets_messages_in_the_form_and_creates_nothing(self):
        cases = {
            "malformed e-mail": (
                {"email": "not-an-address", "password1": PASSWORD, "password2": PASSWORD},
                "email",
            ),
            "too short": (
                {"email": "ada@example.com", "password1": "short", "password2": "short"},
                "password1",
            ),
            "common": (
                {"email": "ada@example.com", "password1": "password123", "password2": "password123"},
                "password1",
            ),
            "same as the e-mail": (
                {
                    "email": "ada.lovelace@example.com",
                    "password1": "ada.lovelace@example.com",
                    "password2": "ada.lovelace@example.com",
                },
                "password1",
            ),
            "mismatch": (
                {"email": "ada@example.com", "password1": PASSWORD, "password2": PASSWORD + "x"},
                "password2",
            ),
        }
        for name, (data, field) in cases.items():
            with self.subTest(name):
                response = self.client.post(reverse("account_signup"), data)

                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
        self.assertFalse(User.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_down_mail_server_does_not_break_signup(self):
        with self.settings(
            MAILERS={
                "default": {
                    "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                    "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
                }
            }
        ):
            response = self._signup()

        self.assertRedirects(response, reverse("account_email_verification_sent"))
        self.assertTrue(User.objects.filter(email="ada@example.com").exists())


class LoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def test_login_rotates_the_session_key(self):
        self.client.get(reverse("account_login"))
        self.client.session["anonymous"] = "x"
        session = self.client.session
        session["cart"] = "kept"
        session.save()
        before = session.session_key

        self.client.post(reverse("account_login"), {"login": "ada@example.com", "password": DEFAULT_PASSWORD})

        self.assertNotEqual(self.client.session.session_key, before)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.reader.pk))

    def test_open_redirect_in_next_is_refused(self):
        for target in ("https://evil.example.net/", "//evil.example.net/", "https:///evil.example.net"):
            with self.subTest(target):
                self.client.logout()
                response = self.client.post(
                    reverse("account_login"),
                    {"login": "ada@example.com", "password": DEFAULT_PASSWORD, "next": target},
                )

                self.assertEqual(response.status_code, 302)
                self.assertEqual(response["Location"], reverse("accounts:profile"))

    def test_a_local_next_is_followed(self):
        response = self.client.post(
            reverse("account_login") + "?next=/privacy/",
            {"login": "ada@example.com", "password": DEFAULT_PASSWORD, "next": "/privacy/"},
        )

        self.assertRedirects(response, "/privacy/")

    def test_wrong_password_gets_a_message_and_an_audit_entry(self):
        response = self.client.post(
            reverse("account_login"), {"login": "ada@example.com", "password": "nope"}
        )

        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        entry = AuditLog.objects.get(action=AuditAction.LOGIN_FAILED)
        self.assertEqual(entry.metadata, {"identifier": "ada@example.com"})

    def test_a_login_post_without_csrf_token_is_refused(self):
        client = self.client_class(enforce_csrf_checks=True)

        response = client.post(
            reverse("account_login"), {"login": "ada@example.com", "password": DEFAULT_PASSWORD}
        )

        self.assertEqual(response.status_code, 403)
        self.assertNotIn(SESSION_KEY, client.session)

    def test_logout_without_csrf_token_is_refused(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.reader)

        response = client.post(reverse("account_logout"))

        self.assertEqual(response.status_code, 403)
        self.assertIn(SESSION_KEY, client.session)


class PasswordResetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def _request_reset(self, email):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("account_reset_password"), {"email": email})

    def test_known_and_unknown_addresses_get_the_same_answer(self):
        known = self._request_reset("ada@example.com")
        unknown = self._request_reset("nobody@example.com")

        self.assertRedirects(known, reverse("account_reset_password_done"))
        self.assertRedirects(unknown, reverse("account_reset_password_done"))
        # Both get a mail (sent after commit, in the background): the same timing class.
        self.assertEqual(
            [message.to for message in mail.outbox], [["ada@example.com"], ["nobody@example.com"]]
        )
        self.assertIn("/accounts/password/reset/key/", mail.outbox[0].body)
        self.assertNotIn("/accounts/password/reset/key/", mail.outbox[1].body)

    def test_reset_ends_every_session_and_the_link_works_once(self):
        other_device = self.client_class()
        other_device.force_login(self.reader)
        self._request_reset("ada@example.com")
        link = link_in_last_mail("/accounts/password/reset/key/")

        form_page = self.client.get(link, follow=True)
        action = form_page.context["action_url"]
        new_password = "another-long-passphrase"
        done = self.client.post(action, {"password1": new_password, "password2": new_password})

        self.assertRedirects(done, reverse("account_reset_password_from_key_done"))
        self.reader.refresh_from_db()
        self.assertTrue(self.reader.check_password(new_password))
        self.assertEqual(other_device.get(reverse("accounts:profile")).status_code, 302)
        reused = self.client.get(link, follow=True)
        self.assertContains(reused, "invalid, has expired or has already been used")
        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.PASSWORD_RESET, target_id=str(self.reader.pk)).exists()
        )
        ended = AuditLog.objects.get(action=AuditAction.SESSIONS_ENDED)
        self.assertEqual(ended.metadata["ended"], 1)


class PasswordChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def test_change_keeps_this_session_and_ends_the_others(self):
        other_device = self.client_class()
        other_device.force_login(self.reader)
        self.client.post(reverse("account_login"), {"login": "ada@example.com", "password": DEFAULT_PASSWORD})
        new_password = "another-long-passphrase"

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("account_change_password"),
                {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
            )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.get(reverse("accounts:profile")).status_code, 200)
        self.assertEqual(other_device.get(reverse("accounts:profile")).status_code, 302)
        self.assertTrue(AuditLog.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists())
        self.assertEqual(AuditLog.objects.get(action=AuditAction.SESSIONS_ENDED).metadata["ended"], 1)
        # The owner is told by mail, in case it was not them.
        self.assertEqual(mail.outbox[-1].to, ["ada@example.com"])


class EmailChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def test_a_new_address_replaces_the_old_one_only_once_verified(self):
        self.client.force_login(self.reader)

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("account_email"), {"action_add": "", "email": "Lovelace@Example.com"}
            )

        self.assertEqual(response.status_code, 302)
        self.reader.refresh_from_db()
        self.assertEqual(self.reader.email, "ada@example.com", "unverified: not yet in use")
        self.assertEqual(mail.outbox[-1].to, ["lovelace@example.com"])

        self.client.post(link_in_last_mail("/accounts/confirm-email/"))

        self.reader.refresh_from_db()
        self.assertEqual(self.reader.email, "lovelace@example.com")
        self.assertEqual(
            list(EmailAddress.objects.filter(user=self.reader).values_list("email", flat=True)),
            ["lovelace@example.com"],
        )
        changed = AuditLog.objects.filter(action=AuditAction.EMAIL_CHANGED, metadata__change="primary").get()
        self.assertEqual(changed.changes, {"email": ["ada@example.com", "lovelace@example.com"]})


class ExpiredLinkTests(TestCase):
    def test_a_confirmation_link_expires_after_three_days(self):
        with time_machine.travel("2026-11-30 10:00:00Z", tick=False) as clock:
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(
                    reverse("account_signup"),
                    {"email": "ada@example.com", "password1": PASSWORD, "password2": PASSWORD},
                )
            link = link_in_last_mail("/accounts/confirm-email/")
            clock.shift(dt.timedelta(days=3, minutes=1))

            page = self.client.get(link)
            self.client.post(link)

        self.assertContains(page, "expired or has already been used")
        self.assertFalse(EmailAddress.objects.get(email="ada@example.com").verified)

    def test_a_reset_link_expires(self):
        reader = UserFactory(email="ada@example.com")
        with time_machine.travel("2026-11-30 10:00:00Z", tick=False) as clock:
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(reverse("account_reset_password"), {"email": "ada@example.com"})
            link = link_in_last_mail("/accounts/password/reset/key/")
            clock.shift(dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60))

            page = self.client.get(link, follow=True)

        self.assertContains(page, "invalid, has expired or has already been used")
        reader.refresh_from_db()
        self.assertTrue(reader.check_password(DEFAULT_PASSWORD))
