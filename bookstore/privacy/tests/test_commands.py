from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.privacy.models import DataExport


class PrivacyExportCommandTests(TestCase):
    def test_builds_the_export_and_mails_the_reader(self):
        reader = UserFactory(email="ada@example.com")
        out = StringIO()

        with self.captureOnCommitCallbacks(execute=True):
            call_command("privacy_export", "--email", "ADA@example.com", stdout=out)

        export = DataExport.objects.get(user=reader)
        self.assertEqual(export.status, DataExport.Status.READY)
        self.assertIn(f"Export {export.pk} ready", out.getvalue())
        self.assertEqual([message.to for message in mail.outbox], [["ada@example.com"]])

    def test_unknown_address_is_a_one_line_error(self):
        with self.assertRaisesMessage(
            CommandError, "No account with the e-mail address 'nobody@example.com'."
        ):
            call_command("privacy_export", "--email", "nobody@example.com", stdout=StringIO())


class PrivacyEraseCommandTests(TestCase):
    def test_dry_run_lists_the_changes_and_changes_nothing(self):
        reader = UserFactory(email="ada@example.com")
        out = StringIO()

        call_command("privacy_erase", "--email", "ada@example.com", "--dry-run", stdout=out)

        self.assertIn(f"account #{reader.pk} <ada@example.com>: deactivate", out.getvalue())
        self.assertIn("Dry run: nothing was changed.", out.getvalue())
        reader.refresh_from_db()
        self.assertTrue(reader.is_active)

    def test_erases(self):
        reader = UserFactory(email="ada@example.com")

        call_command("privacy_erase", "--email", "ada@example.com", stdout=StringIO())

        reader.refresh_from_db()
        self.assertTrue(reader.is_erased)

    def test_staff_are_refused_with_one_line(self):
        StaffFactory(email="staff@example.com")

        with self.assertRaisesMessage(
            CommandError, "Staff accounts must be demoted before they can be erased."
        ):
            call_command("privacy_erase", "--email", "staff@example.com", stdout=StringIO())
