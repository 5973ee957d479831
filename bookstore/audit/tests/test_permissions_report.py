import datetime as dt
from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from bookstore.accounts.tests.factories import StaffFactory, SuperuserFactory, UserFactory
from bookstore.audit.tasks import audit_permissions_report_task


class PermissionsReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.editor = StaffFactory(email="editor@example.com", last_login=now - dt.timedelta(days=3))
        cls.editor.groups.add(Group.objects.create(name="Catalog editors"))
        cls.editor.user_permissions.add(Permission.objects.get(codename="change_user"))
        cls.dormant = SuperuserFactory(email="dormant@example.com", last_login=now - dt.timedelta(days=120))
        cls.reader = UserFactory(email="reader@example.com")

    def test_lists_privileged_accounts_with_groups_permissions_grant_time_and_flags(self):
        out = StringIO()
        with self.assertNumQueries(4):
            call_command("permissions_report", stdout=out)
        report = out.getvalue()

        self.assertIn("2 privileged account(s); 1 flagged.", report)
        self.assertIn(
            "editor@example.com (staff)\n  groups:       Catalog editors\n  permissions:  accounts.change_user",
            report,
        )
        self.assertIn("dormant@example.com (superuser)  [FLAG: unused for 90+ days]", report)
        self.assertNotIn("reader@example.com", report)
        self.assertNotIn("access since: never", report)  # both grants were recorded by the trail

    def test_a_bad_threshold_exits_non_zero(self):
        with self.assertRaises(SystemExit) as exit_info:
            call_command("permissions_report", "--unused-days", "0", stdout=StringIO(), stderr=StringIO())
        self.assertEqual(exit_info.exception.code, 2)

    @override_settings(ADMINS=["ops@example.com"])
    def test_the_monthly_task_mails_the_report_to_the_admins(self):
        audit_permissions_report_task.delay()

        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["ops@example.com"])
        self.assertIn("dormant@example.com", mail.outbox[0].body)
