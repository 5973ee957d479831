from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import StaffFactory, SuperuserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.tokens.models import ApiToken
from bookstore.tokens.tests.factories import create_token


class ApiTokenAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = SuperuserFactory()
        cls.token = create_token()
        cls.changelist = reverse("admin:tokens_apitoken_changelist")

    def test_lists_tokens_without_digests_and_offers_no_edit_or_add(self):
        self.client.force_login(self.admin)

        response = self.client.get(self.changelist)

        self.assertContains(response, self.token.visible_part)
        self.assertNotContains(response, self.token.digest)
        self.assertEqual(self.client.get(reverse("admin:tokens_apitoken_add")).status_code, 403)
        change = self.client.post(
            reverse("admin:tokens_apitoken_change", args=[self.token.pk]), {"name": "renamed"}
        )
        self.assertEqual(change.status_code, 403)

    def test_the_revoke_action_revokes_and_audits(self):
        self.client.force_login(self.admin)

        self.client.post(self.changelist, {"action": "revoke", "_selected_action": [self.token.pk]})

        self.assertFalse(ApiToken.objects.filter(pk=self.token.pk).exists())
        entry = AuditLog.objects.get(action=AuditAction.TOKEN_REVOKED)
        self.assertEqual((entry.actor_id, entry.metadata), (self.admin.pk, {"owner": self.token.user_id}))

    def test_staff_without_the_permission_do_not_get_the_action(self):
        staff = StaffFactory()
        staff.user_permissions.add(*self._permissions("view_apitoken"))
        self.client.force_login(staff)

        response = self.client.get(self.changelist)

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Revoke the selected tokens")

    @staticmethod
    def _permissions(*codenames):
        from django.contrib.auth.models import Permission

        return Permission.objects.filter(content_type__app_label="tokens", codename__in=codenames)
