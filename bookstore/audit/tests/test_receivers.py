from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse

from bookstore.accounts.tests.factories import DEFAULT_PASSWORD, SuperuserFactory, UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog


def entries(action):
    return AuditLog.objects.filter(action=action)


class AuthenticationEventTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="ada@example.com")

    def test_login_and_logout_are_recorded(self):
        self.assertTrue(self.client.login(email="ada@example.com", password=DEFAULT_PASSWORD))
        self.client.logout()

        login = entries(AuditAction.LOGIN).get()
        self.assertEqual((login.actor, login.target_id), (self.user, str(self.user.pk)))
        self.assertEqual(entries(AuditAction.LOGOUT).get().actor, self.user)

    def test_a_failed_login_records_the_identifier_but_never_the_password(self):
        self.assertFalse(self.client.login(email="ada@example.com", password="wrong-password-123"))

        failed = entries(AuditAction.LOGIN_FAILED).get()
        self.assertEqual(failed.metadata, {"identifier": "ada@example.com"})
        self.assertIsNone(failed.actor)
        self.assertNotIn("wrong-password-123", str(failed.metadata) + str(failed.changes))


class ElevatedAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = UserFactory(email="ada@example.com")
        cls.group = Group.objects.create(name="Catalog editors")
        cls.permission = Permission.objects.get(codename="change_user")

    def test_granting_and_revoking_staff_and_superuser_are_recorded(self):
        self.user.is_staff = True
        self.user.save()
        self.user.is_superuser = True
        self.user.save()
        self.user.is_staff = False
        self.user.is_superuser = False
        self.user.save()

        actions = list(AuditLog.objects.order_by("id").values_list("action", "changes"))
        self.assertEqual(
            actions,
            [
                (AuditAction.STAFF_GRANTED, {"is_staff": [False, True]}),
                (AuditAction.SUPERUSER_GRANTED, {"is_superuser": [False, True]}),
                (AuditAction.STAFF_REVOKED, {"is_staff": [True, False]}),
                (AuditAction.SUPERUSER_REVOKED, {"is_superuser": [True, False]}),
            ],
        )

    def test_creating_a_superuser_is_recorded(self):
        admin = SuperuserFactory(email="root@example.com")

        self.assertEqual(
            set(AuditLog.objects.filter(target_id=str(admin.pk)).values_list("action", flat=True)),
            {AuditAction.STAFF_GRANTED, AuditAction.SUPERUSER_GRANTED},
        )

    def test_saves_that_cannot_change_access_are_not_recorded(self):
        self.user.display_name = "Ada"
        with self.assertNumQueries(1):
            self.user.save(update_fields=["display_name"])
        self.user.save()

        self.assertFalse(AuditLog.objects.exists())

    def test_group_membership_changes_are_recorded_from_either_side(self):
        self.user.groups.add(self.group)
        self.group.user_set.remove(self.user)
        self.user.groups.add(self.group)
        self.user.groups.clear()

        changes = list(
            entries(AuditAction.GROUPS_CHANGED).order_by("id").values_list("target_id", "metadata")
        )
        expected = {"items": ["Catalog editors"]}
        self.assertEqual(
            changes,
            [
                (str(self.user.pk), {"change": change, **expected})
                for change in ("add", "remove", "add", "clear")
            ],
        )

    def test_direct_and_group_permission_changes_are_recorded(self):
        self.user.user_permissions.add(self.permission)
        self.group.permissions.add(self.permission)

        self.assertEqual(entries(AuditAction.PERMISSIONS_CHANGED).get().metadata["change"], "add")
        group_entry = entries(AuditAction.GROUP_PERMISSIONS_CHANGED).get()
        self.assertEqual(
            (group_entry.target_type, group_entry.target_label), ("auth.group", "Catalog editors")
        )


class AdminActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = SuperuserFactory(email="root@example.com")
        cls.readers = UserFactory.create_batch(3)

    def setUp(self):
        self.client.force_login(self.admin)
        AuditLog.objects.all()  # the factories' own grants are not what these tests look at

    def test_a_change_in_the_admin_is_recorded_with_its_actor_and_the_access_change(self):
        reader = self.readers[0]
        response = self.client.post(
            reverse("admin:accounts_user_change", args=[reader.pk]),
            {
                "email": reader.email,
                "display_name": "Renamed",
                "is_active": "on",
                "is_staff": "on",
                "date_joined": "2026-01-01 00:00:00",
            },
        )

        self.assertEqual(response.status_code, 302)
        changed = entries(AuditAction.ADMIN_CHANGED).get(target_id=str(reader.pk))
        self.assertEqual(changed.actor, self.admin)
        self.assertEqual(changed.target_type, "accounts.user")
        granted = entries(AuditAction.STAFF_GRANTED).get(target_id=str(reader.pk))
        self.assertEqual(granted.actor, self.admin)

    def test_bulk_delete_records_every_deleted_object(self):
        pks = [reader.pk for reader in self.readers]
        response = self.client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "delete_selected", "_selected_action": pks, "post": "yes"},
        )

        self.assertEqual(response.status_code, 302)
        deleted = entries(AuditAction.ADMIN_DELETED)
        self.assertEqual(sorted(deleted.values_list("target_id", flat=True)), sorted(str(pk) for pk in pks))
        self.assertTrue(all(entry.actor == self.admin for entry in deleted))

    def test_deleting_one_object_is_recorded_once(self):
        reader = self.readers[0]
        self.client.post(reverse("admin:accounts_user_delete", args=[reader.pk]), {"post": "yes"})

        self.assertEqual(entries(AuditAction.ADMIN_DELETED).filter(target_id=str(reader.pk)).count(), 1)
