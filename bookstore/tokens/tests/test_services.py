import datetime as dt

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from bookstore.accounts.tests.factories import StaffFactory, UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.privacy.tests.helpers import tables_containing
from bookstore.tokens.models import TOKEN_PREFIX, ApiToken, token_digest
from bookstore.tokens.services import (
    MAX_TOKENS_PER_USER,
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)
from bookstore.tokens.tests.factories import create_token


class ApiTokenCreateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()

    def test_returns_the_key_once_and_stores_only_its_digest(self):
        token, key = api_token_create(user=self.reader, name="  reading list  ")

        self.assertTrue(key.startswith(TOKEN_PREFIX))
        self.assertGreater(len(key), 40)
        token.refresh_from_db()
        self.assertEqual(token.name, "reading list")
        self.assertEqual(token.digest, token_digest(key))
        self.assertEqual(token.visible_part, key[:10])
        self.assertIsNone(token.last_used)
        self.assertEqual(tables_containing(key), [], "the plain key must not be stored anywhere")

    def test_records_an_audit_entry_without_the_key_or_the_name(self):
        token, key = api_token_create(user=self.reader, name="my secret project")

        entry = AuditLog.objects.get(action=AuditAction.TOKEN_CREATED)
        self.assertEqual(entry.actor_id, self.reader.pk)
        self.assertEqual((entry.target_type, entry.target_id), ("tokens.apitoken", str(token.pk)))
        self.assertEqual(entry.target_label, f"{token.visible_part}…")
        self.assertNotIn(key, str(entry.__dict__))
        self.assertNotIn("secret project", str(entry.__dict__))

    def test_two_keys_are_never_equal(self):
        _, first = api_token_create(user=self.reader, name="one")
        _, second = api_token_create(user=self.reader, name="two")

        self.assertNotEqual(first, second)

    def test_refuses_a_blank_name_a_long_name_and_a_duplicate_leaving_nothing(self):
        api_token_create(user=self.reader, name="cli")
        for name in ["", "   ", "x" * 81, "cli"]:
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                api_token_create(user=self.reader, name=name)
            self.assertIn("name", caught.exception.message_dict)

        self.assertEqual(ApiToken.objects.count(), 1)
        self.assertEqual(AuditLog.objects.filter(action=AuditAction.TOKEN_CREATED).count(), 1)

    def test_the_same_name_is_fine_for_another_reader(self):
        api_token_create(user=self.reader, name="cli")
        api_token_create(user=UserFactory(), name="cli")

        self.assertEqual(ApiToken.objects.filter(name="cli").count(), 2)

    def test_refuses_more_than_the_limit(self):
        for index in range(MAX_TOKENS_PER_USER):
            api_token_create(user=self.reader, name=f"token {index}")

        with self.assertRaisesMessage(ValidationError, "revoke one"):
            api_token_create(user=self.reader, name="one too many")
        self.assertEqual(ApiToken.objects.filter(user=self.reader).count(), MAX_TOKENS_PER_USER)


class ApiTokenRevokeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory()
        cls.other = UserFactory()

    def test_the_owner_revokes_and_the_key_stops_working(self):
        token = create_token(user=self.reader)
        token_id = token.pk

        api_token_revoke(actor=self.reader, token=token)

        self.assertFalse(ApiToken.objects.filter(pk=token_id).exists())
        self.assertIsNone(api_token_authenticate(key=token.key))
        entry = AuditLog.objects.get(action=AuditAction.TOKEN_REVOKED)
        self.assertEqual(
            (entry.actor_id, entry.target_id, entry.metadata), (self.reader.pk, str(token_id), {})
        )

    def test_someone_else_cannot_revoke_and_nothing_changes(self):
        token = create_token(user=self.reader)

        with self.assertRaises(PermissionDenied):
            api_token_revoke(actor=self.other, token=token)

        self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.TOKEN_REVOKED).exists())

    def test_plain_staff_cannot_but_staff_with_the_permission_can(self):
        token = create_token(user=self.reader)
        staff = StaffFactory()
        with self.assertRaises(PermissionDenied):
            api_token_revoke(actor=staff, token=token)

        admin = StaffFactory(is_superuser=True)
        api_token_revoke(actor=admin, token=token)

        entry = AuditLog.objects.get(action=AuditAction.TOKEN_REVOKED)
        self.assertEqual((entry.actor_id, entry.metadata), (admin.pk, {"owner": self.reader.pk}))


class ApiTokenAuthenticateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.token = create_token()

    def test_finds_the_token_and_its_user(self):
        found = api_token_authenticate(key=self.token.key)

        self.assertEqual(found, self.token)
        self.assertEqual(found.user, self.token.user)

    def test_unknown_and_malformed_keys_find_nothing(self):
        for key in ["", "bst_", self.token.key + "x", self.token.key[4:], "bst_" + "a" * 500, "Bearer"]:
            with self.subTest(key=key):
                self.assertIsNone(api_token_authenticate(key=key))

    def test_notes_the_last_use_at_most_once_a_minute(self):
        start = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
        with time_machine.travel(start, tick=False):
            api_token_authenticate(key=self.token.key)
        with time_machine.travel(start + dt.timedelta(seconds=30), tick=False), self.assertNumQueries(1):
            api_token_authenticate(key=self.token.key)
        self.token.refresh_from_db()
        self.assertEqual(self.token.last_used, start)

        with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
            api_token_authenticate(key=self.token.key)
        self.token.refresh_from_db()
        self.assertEqual(self.token.last_used, start + dt.timedelta(minutes=2))
