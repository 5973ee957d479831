import datetime as dt

from django.core import mail
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.privacy.models import DataExport
from bookstore.privacy.tests.factories import DataExportFactory
from bookstore.tokens.services import api_token_create


class MeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com", display_name="Ada")

    def setUp(self):
        self.client = APIClient()

    def test_anonymous_is_401(self):
        self.assertEqual(self.client.get(reverse("v1:me")).status_code, 401)

    def test_a_reader_sees_exactly_their_profile(self):
        self.client.force_authenticate(self.reader)

        with self.assertNumQueries(0):
            response = self.client.get(reverse("v1:me"))

        self.assertEqual(
            response.json(),
            {
                "id": self.reader.pk,
                "email": "ada@example.com",
                "display_name": "Ada",
                "public_name": "Ada",
                "date_joined": self.reader.date_joined.isoformat().replace("+00:00", "Z"),
            },
        )

    def test_a_token_holders_profile_is_never_stored_by_any_cache(self):
        _token, key = api_token_create(user=self.reader, name="phone")

        response = self.client.get(reverse("v1:me"), headers={"authorization": f"Bearer {key}"})

        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        self.assertIn("Authorization", response["Vary"])

    def test_staff_see_their_own_profile_too(self):
        staff = StaffFactory()
        self.client.force_authenticate(staff)

        self.assertEqual(self.client.get(reverse("v1:me")).json()["email"], staff.email)


class DataExportApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()
        cls.url = reverse("v1:me-exports")

    def setUp(self):
        self.client = APIClient()
        self.client.force_authenticate(self.reader)

    def test_requesting_an_export_is_a_202_and_goes_through_the_privacy_service(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url, {}, format="json")

        self.assertEqual(response.status_code, 202)
        export = DataExport.objects.get(user=self.reader)
        self.assertEqual(response.json()["id"], str(export.id))
        self.assertEqual(response.json()["status"], "pending")
        self.assertTrue(
            AuditLog.objects.filter(action=AuditAction.EXPORT_REQUESTED, actor=self.reader).exists()
        )
        export.refresh_from_db()
        self.assertEqual(export.status, DataExport.Status.READY)
        self.assertEqual(mail.outbox[0].to, [self.reader.email])

    def test_asking_twice_while_one_is_pending_returns_the_same_export(self):
        first = self.client.post(self.url, {}, format="json").json()
        second = self.client.post(self.url, format="json").json()

        self.assertEqual(first["id"], second["id"])
        self.assertEqual(DataExport.objects.filter(user=self.reader).count(), 1)

    def test_anonymous_cannot_request(self):
        response = APIClient().post(self.url, {}, format="json")

        self.assertEqual(response.status_code, 401)
        self.assertFalse(DataExport.objects.exists())

    def test_lists_only_my_exports_with_limit_offset(self):
        mine = [DataExportFactory(user=self.reader, status=DataExport.Status.EXPIRED) for _ in range(3)]
        DataExportFactory(user=UserFactory())
        for index, export in enumerate(mine):
            DataExport.objects.filter(pk=export.pk).update(
                requested_at=dt.datetime(2026, 1, 1 + index, tzinfo=dt.UTC)
            )

        response = self.client.get(self.url, {"limit": 2, "offset": 1})

        body = response.json()
        self.assertEqual(body["count"], 3)
        self.assertEqual([item["id"] for item in body["results"]], [str(mine[1].id), str(mine[0].id)])
        self.assertIsNone(body["next"])
        self.assertEqual(body["previous"], "http://testserver/api/v1/me/exports/?limit=2")

    def test_list_query_count_does_not_grow_with_the_page(self):
        for _ in range(6):
            DataExportFactory(user=self.reader, status=DataExport.Status.EXPIRED)

        for limit in (1, 6):
            with self.subTest(limit=limit), self.assertNumQueries(2):
                response = self.client.get(self.url, {"limit": limit})
            self.assertEqual(len(response.json()["results"]), limit)

    def test_absurd_offsets_and_limits_are_400s_naming_the_parameter(self):
        for params in [
            {"offset": 10**30},
            {"offset": -5},
            {"limit": 10**30},
            {"limit": "many"},
            {"limit": 0},
        ]:
            with self.subTest(params=params):
                response = self.client.get(self.url, params)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()["errors"]), [*params])


class MeUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="grace@example.com", display_name="Grace")

    def setUp(self):
        self.client = APIClient()
        self.client.force_authenticate(self.reader)

    def test_a_reader_changes_their_display_name_through_the_accounts_service(self):
        response = self.client.patch(reverse("v1:me"), {"display_name": "  G. Hopper "}, format="json")

        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["display_name"], "G. Hopper")
        self.reader.refresh_from_db()
        self.assertEqual(self.reader.display_name, "G. Hopper")
        entry = AuditLog.objects.get(action=AuditAction.USER_UPDATED, actor=self.reader)
        self.assertEqual(entry.changes, {"display_name": ["Grace", "G. Hopper"]})

    def test_nothing_else_can_be_set(self):
        for payload in [
            {"email": "evil@example.com"},
            {"is_staff": True},
            {"is_superuser": True},
            {"id": 1},
            {"display_name": "x", "is_staff": True},
        ]:
            with self.subTest(payload=payload):
                response = self.client.patch(reverse("v1:me"), payload, format="json")
                self.assertEqual(response.status_code, 400)
        self.reader.refresh_from_db()
        self.assertEqual(
            (self.reader.email, self.reader.is_staff, self.reader.display_name),
            ("grace@example.com", False, "Grace"),
        )
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.USER_UPDATED).exists())

    def test_bad_values_are_400s(self):
        for value in ["x" * 81, None, ["a"], {"a": 1}]:
            with self.subTest(value=value):
                response = self.client.patch(reverse("v1:me"), {"display_name": value}, format="json")
                self.assertEqual(response.status_code, 400)
                self.assertIn("display_name", response.json()["errors"])

    def test_anonymous_cannot(self):
        self.assertEqual(
            APIClient().patch(reverse("v1:me"), {"display_name": "x"}, format="json").status_code, 401
        )
