import datetime as dt
import io
import json
import re
import zipfile

import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client, TestCase
from django.utils import timezone

from bookstore.accounts.tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory, totp_enable
from bookstore.audit.actions import AuditAction
from bookstore.audit.models import AuditLog
from bookstore.audit.services import audit_record
from bookstore.core.request_context import RequestContext, reset_request_context, set_request_context
from bookstore.privacy.models import DataExport
from bookstore.privacy.services import (
    PrivacyError,
    account_erase,
    account_erasure_plan,
    data_export_build,
    data_export_download_token,
    data_export_for_token,
    data_export_request,
    data_exports_expire,
)
from bookstore.privacy.tests.helpers import tables_containing


def read_zip(export):
    with export.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        return {name: json.loads(archive.read(name)) for name in archive.namelist()}


class DataExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reader = UserFactory(email="ada@example.com", display_name="Ada")
        cls.other = UserFactory(email="grace@example.com")

    def test_requesting_builds_a_zip_after_commit_and_mails_a_signed_link(self):
        audit_record(action=AuditAction.LOGIN, actor=self.reader, target=self.reader)
        with self.captureOnCommitCallbacks(execute=True):
            export = data_export_request(user=self.reader)

        export.refresh_from_db()
        self.assertEqual(export.status, DataExport.Status.READY)
        self.assertEqual(export.expires_at - export.completed_at, dt.timedelta(days=7))
        documents = read_zip(export)
        self.assertEqual(
            sorted(documents),
            [
                "api_tokens.json",
                "audit_entries.json",
                "data_exports.json",
                "email_addresses.json",
                "emails.json",
                "profile.json",
                "reviews.json",
                "sessions.json",
                "sign_ins.json",
                "two_factor.json",
            ],
        )
        self.assertEqual(
            documents["email_addresses.json"],
            [{"email": "ada@example.com", "verified": True, "primary": True}],
        )
        self.assertEqual(
            documents["two_factor.json"], {"authenticator_app": False, "recovery_codes_left": None}
        )
        self.assertEqual(documents["profile.json"]["email"], "ada@example.com")
        self.assertEqual(documents["profile.json"]["display_name"], "Ada")
        self.assertEqual(
            [entry["action"] for entry in documents["audit_entries.json"]],
            [AuditAction.LOGIN, AuditAction.EXPORT_REQUESTED],
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["ada@example.com"])
        # The mailed token was signed a moment ago (its timestamp may differ from a fresh one): it must open
        # this export for this reader.
        token = re.search(r"/privacy/exports/([^/\s]+)/", mail.outbox[0].body).group(1)
        self.assertEqual(data_export_for_token(token=token, user=self.reader), export)

    def test_asking_twice_while_pending_returns_the_same_export(self):
        with self.captureOnCommitCallbacks(execute=False):
            first = data_export_request(user=self.reader)
            second = data_export_request(user=self.reader)

        self.assertEqual(first.pk, second.pk)
        self.assertEqual(DataExport.objects.filter(user=self.reader).count(), 1)
        self.assertEqual(AuditLog.objects.filter(action=AuditAction.EXPORT_REQUESTED).count(), 1)

    def test_building_twice_is_harmless(self):
        with self.captureOnCommitCallbacks(execute=True):
            export = data_export_request(user=self.reader)
        name = DataExport.objects.get(pk=export.pk).file.name

        data_export_build(export_id=str(export.pk))

        self.assertEqual(DataExport.objects.get(pk=export.pk).file.name, name)
        self.assertEqual(len(mail.outbox), 1)

    def test_the_link_works_only_for_its_owner_and_only_until_it_expires(self):
        with self.captureOnCommitCallbacks(execute=True):
            export = data_export_request(user=self.reader)
        token = data_export_download_token(export=DataExport.objects.get(pk=export.pk))

        self.assertEqual(data_export_for_token(token=token, user=self.reader).pk, export.pk)
        with self.assertRaisesMessage(PrivacyError, "belongs to another account"):
            data_export_for_token(token=token, user=self.other)
        with self.assertRaisesMessage(PrivacyError, "not valid"):
            data_export_for_token(token=token[:-3] + "abc", user=self.reader)
        with (
            time_machine.travel(timezone.now() + dt.timedelta(days=8)),
            self.assertRaisesMessage(PrivacyError, "expired"),
        ):
            data_export_for_token(token=token, user=self.reader)

    def test_expired_exports_lose_their_files(self):
        with self.captureOnCommitCallbacks(execute=True):
            export = data_export_request(user=self.reader)
        export.refresh_from_db()
        storage, name = export.file.storage, export.file.name
        self.assertTrue(storage.exists(name))

        self.assertEqual(data_exports_expire(now=timezone.now() + dt.timedelta(days=6)), 0)
        self.assertEqual(data_exports_expire(now=timezone.now() + dt.timedelta(days=8)), 1)

        export.refresh_from_db()
        self.assertEqual((export.status, export.file.name), (DataExport.Status.EXPIRED, ""))
        self.assertFalse(storage.exists(name))


class AccountEraseTests(TestCase):
    def setUp(self):
        self.reader = UserFactory(
            email="ada.lovelace@example.com",
            display_name="Ada Lovelace",
            first_name="Ada",
            last_name="Lovelace",
        )
        self.client_session = Client()
        self.client_session.force_login(self.reader)
        token = set_request_context(RequestContext(ip_address="203.0.113.50", user_agent="Analytical Engine"))
        try:
            audit_record(action=AuditAction.LOGIN, actor=self.reader, target=self.reader)
            audit_record(action=AuditAction.LOGIN_FAILED, metadata={"identifier": "ada.lovelace@example.com"})
        finally:
            reset_request_context(token)
        LogEntry.objects.create(
            user=StaffFactory(),
            content_type=ContentType.objects.get_for_model(self.reader),
            object_id=str(self.reader.pk),
            object_repr=str(self.reader),
            action_flag=CHANGE,
            change_message="Changed ada.lovelace@example.com",
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.export = data_export_request(user=self.reader)
        self.export.refresh_from_db()
        # Sign-in records kept by allauth: a session record, two-factor authenticators, a pending new address.
        UserSession.objects.update_or_create(
            session_key=self.client_session.session.session_key,
            defaults={"user": self.reader, "ip": "203.0.113.50", "user_agent": "Analytical Engine"},
        )
        totp_enable(self.reader)
        RecoveryCodes.activate(self.reader)
        EmailAddress.objects.create(user=self.reader, email="lovelace.new@example.com", verified=False)

    def test_erasure_leaves_no_personal_value_anywhere_in_the_database(self):
        storage, name = self.export.file.storage, self.export.file.name
        with self.captureOnCommitCallbacks(execute=True):
            account_erase(user=self.reader)

        for value in (
            "ada.lovelace@example.com",
            "Ada Lovelace",
            "Lovelace",
            "203.0.113.50",
            "Analytical Engine",
            "lovelace.new@example.com",
        ):
            with self.subTest(value=value):
                self.assertEqual(tables_containing(value), [])
        self.assertFalse(Authenticator.objects.filter(user=self.reader).exists())
        self.assertFalse(UserSession.objects.filter(user=self.reader).exists())
        self.reader.refresh_from_db()
        self.assertFalse(self.reader.is_active)
        self.assertFalse(self.reader.has_usable_password())
        self.assertEqual(self.reader.public_name, "Deleted reader")
        self.assertFalse(SessionStore().exists(self.client_session.session.session_key))
        self.assertFalse(storage.exists(name))
        erased = AuditLog.objects.get(action=AuditAction.ERASED)
        self.assertEqual((erased.target_id, erased.actor_label), (str(self.reader.pk), "Deleted reader"))

    def test_staff_must_be_demoted_first_and_nothing_changes(self):
        self.reader.is_staff = True
        self.reader.save()

        with self.assertRaisesMessage(PrivacyError, "demoted"):
            account_erase(user=self.reader)

        self.reader.refresh_from_db()
        self.assertEqual((self.reader.email, self.reader.is_active), ("ada.lovelace@example.com", True))
        self.assertFalse(AuditLog.objects.filter(action=AuditAction.ERASED).exists())

    def test_erasing_twice_is_refused(self):
        account_erase(user=self.reader)
        self.reader.refresh_from_db()

        with self.assertRaisesMessage(PrivacyError, "already been erased"):
            account_erase(user=self.reader)

    def test_the_plan_counts_what_would_change_and_changes_nothing(self):
        plan = account_erasure_plan(user=self.reader)

        self.assertEqual((plan.sessions, plan.exports, plan.admin_log_entries), (1, 1, 1))
        self.assertEqual(plan.extra["e-mails in the outbox to delete"], 1)
        for name, count in {
            "e-mail addresses to delete": 2,
            "session records to delete": 1,
            "two-factor authenticators to delete": 2,
        }.items():
            self.assertEqual(plan.extra[name], count)
        self.assertGreaterEqual(plan.audit_entries, 2)
        self.assertTrue(self.reader.check_password(DEFAULT_PASSWORD))
        self.assertIn("accounts_user.email", tables_containing("ada.lovelace@example.com"))
