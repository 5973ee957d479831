from django.contrib.auth.models import Permission
from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import StaffFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.audit.services import audit_record


class AuditLogAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.auditor = StaffFactory(email="auditor@example.com")
        cls.auditor.user_permissions.add(Permission.objects.get(codename="view_audit_trail"))
        cls.staff = StaffFactory(email="staff@example.com")
        cls.entry = audit_record(
            action=AuditAction.LOGIN_FAILED, metadata={"identifier": "someone@example.com"}
        )

    def test_staff_without_the_permission_cannot_read_the_trail(self):
        self.client.force_login(self.staff)

        self.assertEqual(self.client.get(reverse("admin:audit_auditlog_changelist")).status_code, 403)

    def test_the_auditor_can_list_filter_and_open_entries(self):
        self.client.force_login(self.auditor)

        listing = self.client.get(
            reverse("admin:audit_auditlog_changelist"), {"action": AuditAction.LOGIN_FAILED}
        )
        detail = self.client.get(reverse("admin:audit_auditlog_change", args=[self.entry.pk]))

        self.assertContains(listing, "Failed login")
        self.assertContains(detail, "someone@example.com")
        self.assertNotContains(detail, 'name="_save"')

    def test_nobody_can_add_change_or_delete_entries_through_the_admin(self):
        self.client.force_login(self.auditor)
        before = list(AuditLog.objects.values_list("pk", "action", "metadata"))

        add = self.client.post(reverse("admin:audit_auditlog_add"), {"action": AuditAction.LOGIN})
        change = self.client.post(
            reverse("admin:audit_auditlog_change", args=[self.entry.pk]), {"action": AuditAction.LOGIN}
        )
        delete = self.client.post(
            reverse("admin:audit_auditlog_delete", args=[self.entry.pk]), {"post": "yes"}
        )

        self.assertEqual((add.status_code, change.status_code, delete.status_code), (403, 403, 403))
        self.assertEqual(list(AuditLog.objects.values_list("pk", "action", "metadata")), before)
