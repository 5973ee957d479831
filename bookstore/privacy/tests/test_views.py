import re

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import DEFAULT_PASSWORD, UserFactory, totp_code, totp_enable
from bookstore.privacy.models import DataExport
from bookstore.privacy.services import data_export_download_token


class PrivacyPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")

    def test_requires_login(self):
        response = self.client.get(reverse("privacy:overview"))

        self.assertEqual(response.status_code, 302)
        self.assertIn("next=/privacy/", response["Location"])

    def test_is_personal_and_never_cached(self):
        self.client.force_login(self.reader)

        response = self.client.get(reverse("privacy:overview"))

        self.assertContains(response, "Request my data")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])


class ExportFlowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com")
        cls.other = UserFactory(email="grace@example.com")

    def _request_export(self):
        self.client.force_login(self.reader)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("privacy:export-request"))
        self.assertRedirects(response, reverse("privacy:overview"))
        return DataExport.objects.get(user=self.reader)

    def test_request_then_download_through_the_mailed_link(self):
        self._request_export()
        # The link exactly as mailed (a token signed now could differ in its timestamp).
        link = re.search(r"https?://[^/]+(/privacy/exports/\S+/)", mail.outbox[0].body).group(1)

        response = self.client.get(link)

        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        self.assertEqual(b"".join(response.streaming_content)[:2], b"PK")

    def test_another_reader_gets_404_with_the_reason(self):
        export = self._request_export()
        self.client.force_login(self.other)

        response = self.client.get(
            reverse("privacy:export-download", args=[data_export_download_token(export=export)])
        )

        self.assertContains(response, "belongs to another account", status_code=404)

    def test_a_forged_token_gets_404(self):
        self.client.force_login(self.reader)

        response = self.client.get(reverse("privacy:export-download", args=["not-a-token"]))

        self.assertContains(response, "not valid", status_code=404)

    def test_get_on_the_request_endpoint_is_refused(self):
        self.client.force_login(self.reader)

        self.assertEqual(self.client.get(reverse("privacy:export-request")).status_code, 405)
        self.assertFalse(DataExport.objects.exists())


class EraseFlowTests(TestCase):
    def setUp(self):
        self.reader = UserFactory(email="ada@example.com")
        self.client.force_login(self.reader)

    def test_wrong_password_is_refused_and_nothing_changes(self):
        response = self.client.post(
            reverse("privacy:erase"), {"password": "not-my-password", "confirm": "on"}
        )

        self.assertContains(response, "That is not your current password.", status_code=400)
        self.reader.refresh_from_db()
        self.assertEqual((self.reader.email, self.reader.is_active), ("ada@example.com", True))

    def test_missing_confirmation_is_refused(self):
        response = self.client.post(reverse("privacy:erase"), {"password": DEFAULT_PASSWORD})

        self.assertEqual(response.status_code, 400)
        self.reader.refresh_from_db()
        self.assertTrue(self.reader.is_active)

    def test_erasing_signs_out_and_scrubs_the_account(self):
        response = self.client.post(reverse("privacy:erase"), {"password": DEFAULT_PASSWORD, "confirm": "on"})

        self.assertRedirects(response, reverse("pages:home"))
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.reader.refresh_from_db()
        self.assertEqual(self.reader.email, f"erased-{self.reader.pk}@erased.invalid")
        self.assertFalse(self.reader.is_active)

    def test_a_post_without_a_csrf_token_is_refused(self):
        client = self.client_class(enforce_csrf_checks=True)
        client.force_login(self.reader)

        response = client.post(reverse("privacy:erase"), {"password": DEFAULT_PASSWORD, "confirm": "on"})

        self.assertEqual(response.status_code, 403)
        self.reader.refresh_from_db()
        self.assertTrue(self.reader.is_active)


class EraseWithTwoFactorTests(TestCase):
    def setUp(self):
        self.reader = UserFactory(email="ada@example.com")
        totp_enable(self.reader)
        self.client.force_login(self.reader)

    def _erase(self, **data):
        return self.client.post(
            reverse("privacy:erase"), {"password": DEFAULT_PASSWORD, "confirm": "on", **data}
        )

    def test_the_form_asks_for_a_code(self):
        self.assertContains(self.client.get(reverse("privacy:overview")), 'autocomplete="one-time-code"')

    def test_missing_or_wrong_code_is_refused_and_nothing_changes(self):
        for data in ({}, {"code": "000000"}, {"code": "not a code"}):
            with self.subTest(data):
                response = self._erase(**data)

                self.assertEqual(response.status_code, 400)
                self.assertIn("code", response.context["erase_form"].errors)
        self.reader.refresh_from_db()
        self.assertEqual((self.reader.email, self.reader.is_active), ("ada@example.com", True))

    def test_a_wrong_password_does_not_use_up_a_recovery_code(self):
        codes = RecoveryCodes.activate(self.reader).get_unused_codes()

        response = self.client.post(
            reverse("privacy:erase"), {"password": "not-my-password", "code": codes[0], "confirm": "on"}
        )

        self.assertEqual(response.status_code, 400)
        self.assertIn(codes[0], RecoveryCodes.activate(self.reader).get_unused_codes())

    def test_password_and_current_code_erase_the_account(self):
        response = self._erase(code=totp_code())

        self.assertRedirects(response, reverse("pages:home"))
        self.reader.refresh_from_db()
        self.assertFalse(self.reader.is_active)
        self.assertFalse(Authenticator.objects.filter(user=self.reader).exists())

    def test_a_recovery_code_also_works(self):
        codes = RecoveryCodes.activate(self.reader).get_unused_codes()

        response = self._erase(code=codes[3])

        self.assertRedirects(response, reverse("pages:home"))
