import contextlib
import datetime as dt

import time_machine
from django.db import DatabaseError, transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from bookstore.accounts.tests.factories import UserFactory
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.audit.services import (
    REDACTED,
    audit_diff,
    audit_purge_expired,
    audit_record,
    audit_redact_actor,
    audit_snapshot,
)
from bookstore.core.request_context import RequestContext, reset_request_context, set_request_context


class AuditRecordTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.actor = UserFactory(email="staff@example.com")
        cls.target = UserFactory(email="ada@example.com")

    def test_records_actor_target_change_and_request_context(self):
        token = set_request_context(
            RequestContext(request_id="req-12345678", ip_address="203.0.113.9", user_agent="Firefox")
        )
        try:
            entry = audit_record(
                action=AuditAction.USER_UPDATED,
                actor=self.actor,
                target=self.target,
                changes={"display_name": ["Ada", "Countess"]},
                metadata={"source": "test"},
            )
        finally:
            reset_request_context(token)

        entry.refresh_from_db()
        self.assertEqual(entry.action, "accounts.user_updated")
        self.assertEqual(entry.actor, self.actor)
        self.assertEqual(entry.actor_id_snapshot, self.actor.pk)
        self.assertEqual(entry.actor_label, "staff@example.com")
        self.assertEqual(
            (entry.target_type, entry.target_id, entry.target_label),
            ("accounts.user", str(self.target.pk), "ada@example.com"),
        )
        self.assertEqual(entry.changes, {"display_name": ["Ada", "Countess"]})
        self.assertEqual(entry.metadata, {"source": "test"})
        self.assertEqual(
            (entry.ip_address, entry.user_agent, entry.request_id), ("203.0.113.9", "Firefox", "req-12345678")
        )

    def test_an_undeclared_action_is_refused_and_nothing_is_written(self):
        with self.assertRaises(ValueError):
            audit_record(action="catalog.book_burned", actor=self.actor)
        self.assertFalse(AuditLog.objects.exists())

    def test_secret_values_are_never_stored(self):
        entry = audit_record(
            action=AuditAction.USER_UPDATED,
            target=self.target,
            changes={
                "password": ["argon2$old", "argon2$new"],
                "api_token": [None, "abc"],
                "email": ["a@x.org", "b@x.org"],
            },
        )

        self.assertEqual(entry.changes["password"], [REDACTED, REDACTED])
        self.assertEqual(entry.changes["api_token"], [None, REDACTED])
        self.assertEqual(entry.changes["email"], ["a@x.org", "b@x.org"])

    def test_a_rolled_back_change_leaves_no_entry(self):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            audit_record(action=AuditAction.USER_UPDATED, actor=self.actor, target=self.target)
            raise RuntimeError("the change failed")

        self.assertFalse(AuditLog.objects.exists())

    def test_the_entry_outlives_its_actor(self):
        doomed = UserFactory(email="leaver@example.com")
        entry = audit_record(action=AuditAction.LOGIN, actor=doomed, target=doomed)
        doomed_pk = doomed.pk

        doomed.delete()

        entry.refresh_from_db()
        self.assertIsNone(entry.actor)
        self.assertEqual(entry.actor_id_snapshot, doomed_pk)
        self.assertEqual(entry.actor_label, "leaver@example.com")


class AppendOnlyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.entry = audit_record(action=AuditAction.LOGIN_FAILED, metadata={"identifier": "x@example.com"})

    def test_the_database_refuses_updates(self):
        with (
            self.assertRaisesMessage(DatabaseError, "audit log entries cannot be changed"),
            transaction.atomic(),
        ):
            AuditLog.objects.filter(pk=self.entry.pk).update(action=AuditAction.LOGIN)
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.action, AuditAction.LOGIN_FAILED)

    def test_the_database_refuses_deletes(self):
        with (
            self.assertRaisesMessage(DatabaseError, "audit log entries cannot be changed"),
            transaction.atomic(),
        ):
            AuditLog.objects.filter(pk=self.entry.pk).delete()
        self.assertTrue(AuditLog.objects.filter(pk=self.entry.pk).exists())


class SnapshotAndDiffTests(TestCase):
    def test_snapshot_is_json_safe_and_redacts_secrets(self):
        user = UserFactory(email="ada@example.com", display_name="Ada")

        snapshot = audit_snapshot(user, fields=("email", "display_name", "password", "date_joined"))

        self.assertEqual(snapshot["email"], "ada@example.com")
        self.assertEqual(snapshot["password"], REDACTED)
        self.assertEqual(snapshot["date_joined"], user.date_joined.isoformat())

    def test_diff_lists_only_changed_fields(self):
        self.assertEqual(
            audit_diff({"title": "Old", "price": "10.00"}, {"title": "New", "price": "10.00"}),
            {"title": ["Old", "New"]},
        )


class RetentionTests(TestCase):
    def _entry_at(self, when, action):
        with time_machine.travel(when, tick=False):
            return audit_record(action=action)

    @override_settings(AUDIT_RETENTION_DAYS=730, AUDIT_SECURITY_RETENTION_DAYS=1825)
    def test_purge_deletes_expired_entries_and_keeps_security_events_longer(self):
        now = timezone.now()
        old_ordinary = self._entry_at(now - dt.timedelta(days=731), AuditAction.BOOK_UPDATED)
        recent_ordinary = self._entry_at(now - dt.timedelta(days=729), AuditAction.BOOK_UPDATED)
        old_security = self._entry_at(now - dt.timedelta(days=731), AuditAction.LOGIN)
        ancient_security = self._entry_at(now - dt.timedelta(days=1826), AuditAction.LOGIN)

        deleted = audit_purge_expired(now=now)

        self.assertEqual(deleted, 2)
        remaining = set(AuditLog.objects.exclude(action=AuditAction.PURGED).values_list("pk", flat=True))
        self.assertEqual(remaining, {recent_ordinary.pk, old_security.pk})
        self.assertFalse(AuditLog.objects.filter(pk__in=[old_ordinary.pk, ancient_security.pk]).exists())
        self.assertEqual(AuditLog.objects.get(action=AuditAction.PURGED).metadata, {"deleted": 2})

    def test_purge_twice_is_harmless(self):
        self.assertEqual(audit_purge_expired(), 0)
        self.assertEqual(audit_purge_expired(), 0)
        self.assertFalse(AuditLog.objects.exists())


class RedactActorTests(TestCase):
    def test_scrubs_personal_values_but_keeps_the_events(self):
        user = UserFactory(email="ada@example.com")
        other = UserFactory(email="grace@example.com")
        token = set_request_context(RequestContext(ip_address="198.51.100.7", user_agent="Safari"))
        try:
            by_user = audit_record(action=AuditAction.LOGIN, actor=user, target=user)
            about_user = audit_record(
                action=AuditAction.USER_UPDATED,
                actor=other,
                target=user,
                changes={"email": ["ada@example.com", "x"]},
            )
            unrelated = audit_record(action=AuditAction.LOGIN, actor=other, target=other)
            failed = audit_record(action=AuditAction.LOGIN_FAILED, metadata={"identifier": "ada@example.com"})
        finally:
            reset_request_context(token)

        with transaction.atomic():
            audit_redact_actor(user_id=user.pk, email="ada@example.com", placeholder="Deleted reader")

        by_user.refresh_from_db()
        about_user.refresh_from_db()
        unrelated.refresh_from_db()
        self.assertEqual(
            (by_user.actor_label, by_user.ip_address, by_user.user_agent), ("Deleted reader", None, "")
        )
        self.assertEqual(
            (about_user.target_label, about_user.changes, about_user.metadata), ("Deleted reader", {}, {})
        )
        self.assertEqual(about_user.actor_label, "grace@example.com")
        self.assertEqual((unrelated.actor_label, unrelated.ip_address), ("grace@example.com", "198.51.100.7"))
        failed.refresh_from_db()
        self.assertEqual((failed.metadata, failed.ip_address), ({"identifier": "Deleted reader"}, None))
        self.assertEqual(AuditLog.objects.count(), 4)
