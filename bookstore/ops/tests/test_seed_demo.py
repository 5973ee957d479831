from io import StringIO

from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from bookstore.accounts.models import User
from bookstore.catalog.models import Book
from bookstore.catalog.tests.media import TempMediaMixin


class SeedDemoTests(TempMediaMixin, TestCase):
    @override_settings(DEBUG=True)
    def test_is_idempotent(self):
        call_command("seed_demo", stdout=StringIO())
        out = StringIO()
        call_command("seed_demo", stdout=out)

        self.assertEqual(User.objects.filter(email="reader@example.com").count(), 1)
        self.assertIn("already present", out.getvalue())
        self.assertEqual(Book.objects.count(), 300)  # the demo catalog, seeded once, and searchable
        self.assertFalse(Book.objects.filter(search_vector__isnull=True).exists())
        self.assertNotIn("Seeded", out.getvalue())

    @override_settings(DEBUG=True)
    def test_the_demo_login_works(self):
        call_command("seed_demo", stdout=StringIO())

        response = self.client.post(
            reverse("account_login"), {"login": "reader@example.com", "password": "demo-reader-password"}
        )

        self.assertRedirects(response, reverse("accounts:profile"))

    @override_settings(DEBUG=True)
    def test_a_reader_seeded_before_verification_existed_can_sign_in(self):
        User.objects.create_user(email="reader@example.com", password="demo-reader-password")

        call_command("seed_demo", stdout=StringIO())

        self.assertTrue(EmailAddress.objects.get(email="reader@example.com").verified)

    def test_refuses_to_run_in_production(self):
        with self.assertRaisesMessage(CommandError, "only runs with DEBUG=True"):
            call_command("seed_demo", stdout=StringIO())
        self.assertFalse(User.objects.exists())
