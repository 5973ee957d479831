from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from bookstore.accounts.models import User


class SeedDemoTests(TestCase):
    @override_settings(DEBUG=True)
    def test_is_idempotent(self):
        call_command("seed_demo", stdout=StringIO())
        out = StringIO()
        call_command("seed_demo", stdout=out)

        self.assertEqual(User.objects.filter(email="reader@example.com").count(), 1)
        self.assertIn("already present", out.getvalue())

    def test_refuses_to_run_in_production(self):
        with self.assertRaisesMessage(CommandError, "only runs with DEBUG=True"):
            call_command("seed_demo", stdout=StringIO())
        self.assertFalse(User.objects.exists())
