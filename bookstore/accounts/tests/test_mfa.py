"""Two-factor authentication: enrolment, sign-in with a code, and the admin closed to staff without it."""

import re
import time

import time_machine
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import (
    DEFAULT_PASSWORD,
    StaffFactory,
    UserFactory,
    totp_code,
)
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog


class TotpJourneyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def _login(self, client=None):
        client = client or self.client
        return client.post(
            reverse("account_login"), {"login": "ada@example.com", "password": DEFAULT_PASSWORD}
        )

    def _enrol_page(self):
        self._login()
        # Setting up two-factor asks for the password again, however recent the sign-in.
        asked = self.client.get(reverse("mfa_activate_totp"))
        self.assertTrue(asked["Location"].startswith(reverse("account_reauthenticate")))
        self.client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
        return self.client.get(reverse("mfa_activate_totp"))

    def test_enrol_then_sign_in_with_a_code_then_with_a_recovery_code(self):
        page = self._enrol_page()
        self.assertEqual(page.status_code, 200)
        secret = page.context["form"].secret
        self.assertContains(page, "data:image/svg+xml;base64,")

        travel = time_machine.travel(time.time(), tick=False)
        clock = travel.start()
        self.addCleanup(travel.stop)
        with self.captureOnCommitCallbacks(execute=True):  # allauth signals "added" after commit
            enrolled = self.client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        self.assertRedirects(enrolled, reverse("mfa_view_recovery_codes"), fetch_redirect_response=False)
        codes_page = self.client.get(reverse("mfa_view_recovery_codes"))
        recovery_codes = re.findall(r"\b\d{8}\b", codes_page.content.decode())
        self.assertGreaterEqual(len(recovery_codes), 10)
        self.assertEqual(
            sorted(
                AuditLog.objects.filter(action=AuditAction.MFA_ENABLED).values_list(
                    "metadata__type", flat=True
                )
            ),
            ["recovery_codes", "totp"],
        )
        self.client.post(reverse("account_logout"))

        # The password alone no longer signs in: a code is asked for.
        clock.shift(60)  # a fresh code: a used one cannot be replayed
        step = self._login()
        self.assertRedirects(step, reverse("mfa_authenticate"), fetch_redirect_response=False)
        self.assertNotIn(SESSION_KEY, self.client.session)
        wrong = self.client.post(reverse("mfa_authenticate"), {"code": "000000"})
        self.assertEqual(wrong.status_code, 200)
        self.assertNotIn(SESSION_KEY, self.client.session)
        expired = self.client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, offset=-60)})
        self.assertEqual(expired.status_code, 200)
        done = self.client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        replay = self.client_class()
        self._login(replay)
        self.assertEqual(
            replay.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).status_code, 200
        )
        self.assertNotIn(SESSION_KEY, replay.session, "a code works once")
        self.assertRedirects(done, reverse("accounts:profile"), fetch_redirect_response=False)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.reader.pk))
        self.assertContains(self.client.get(reverse("accounts:profile")), "unused recovery codes left")

        # Lost phone: a recovery code works once.
        other = self.client_class()
        self._login(other)
        self.client.post(reverse("account_logout"))
        used = other.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]})
        self.assertEqual(used.status_code, 302)
        again = self.client_class()
        self._login(again)
        self.assertEqual(
            again.post(reverse("mfa_authenticate"), {"code": recovery_codes[0]}).status_code, 200
        )

    def test_disabling_is_audited(self):
        secret = self._enrol_page().context["form"].secret
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.MFA_ENABLED, metadata__type="totp").exists()
        )

        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("mfa_deactivate_totp"))

        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.MFA_DISABLED, metadata__type="totp").exists()
        )


class StaffAdminTests(TestCase):
    def test_the_admin_login_is_the_site_login(self):
        response = self.client.get(reverse("admin:login") + "?next=/" + settings.ADMIN_URL)

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_staff_without_two_factor_are_sent_to_set_it_up(self):
        staff = StaffFactory(mfa=False)
        self.client.force_login(staff)

        response = self.client.get(reverse("admin:index"))

        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("mfa_activate_totp")))

    def test_staff_with_two_factor_reach_the_admin(self):
        self.client.force_login(StaffFactory())

        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)

    def test_staff_sign_in_needs_the_code(self):
        staff = StaffFactory(email="staff@example.com")

        with time_machine.travel(time.time(), tick=False):
            step = self.client.post(
                reverse("account_login") + f"?next=/{settings.ADMIN_URL}",
                {
                    "login": "staff@example.com",
                    "password": DEFAULT_PASSWORD,
                    "next": f"/{settings.ADMIN_URL}",
                },
            )
            self.assertRedirects(step, reverse("mfa_authenticate"), fetch_redirect_response=False)
            done = self.client.post(reverse("mfa_authenticate"), {"code": totp_code()})

        self.assertRedirects(done, f"/{settings.ADMIN_URL}", fetch_redirect_response=False)
        self.assertEqual(self.client.get(reverse("admin:index")).status_code, 200)
        self.assertEqual(self.client.session[SESSION_KEY], str(staff.pk))

    def test_staff_cannot_switch_two_factor_off_themselves(self):
        staff = StaffFactory(email="staff@example.com")
        with time_machine.travel(time.time(), tick=False):
            self.client.post(
                reverse("account_login"), {"login": "staff@example.com", "password": DEFAULT_PASSWORD}
            )
            self.client.post(reverse("mfa_authenticate"), {"code": totp_code()})
            self.client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})

            response = self.client.post(reverse("mfa_deactivate_totp"))

        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertTrue(staff.authenticator_set.filter(type="totp").exists())
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.MFA_DISABLED).exists())


class SecretEncryptionTests(TestCase):
    def test_totp_secrets_and_recovery_seeds_are_stored_encrypted(self):
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

        from bookstore.accounts.tests.factories import TOTP_SECRET

        staff = StaffFactory()
        codes = RecoveryCodes.activate(staff)

        totp = staff.authenticator_set.get(type="totp")
        self.assertTrue(totp.data["secret"].startswith("fernet:"))
        self.assertNotIn(TOTP_SECRET, str(totp.data))
        self.assertTrue(staff.authenticator_set.get(type="recovery_codes").data["seed"].startswith("fernet:"))
        with time_machine.travel(time.time(), tick=False):
            self.assertTrue(totp.wrap().validate_code(totp_code()))
        self.assertEqual(len(codes.get_unused_codes()), 10)

    def test_secrets_stay_readable_after_a_key_rotation_with_the_old_key_kept(self):
        staff = StaffFactory()
        totp = staff.authenticator_set.get(type="totp")

        with (
            self.settings(SECRET_KEY="n" * 60, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]),
            time_machine.travel(time.time(), tick=False),
        ):
            self.assertTrue(totp.wrap().validate_code(totp_code()))

    def test_a_secret_written_before_encryption_is_still_read(self):
        from allauth.mfa.models import Authenticator

        from bookstore.accounts.tests.factories import TOTP_SECRET

        legacy = Authenticator.objects.create(
            user=UserFactory(), type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET}
        )

        with time_machine.travel(time.time(), tick=False):
            self.assertTrue(legacy.wrap().validate_code(totp_code()))
