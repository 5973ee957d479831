"""Data export and account erasure.

Export: the request is recorded and a background task builds a ZIP of JSON files, stores it in private storage
and mails the reader a signed link that expires. Erasure: the account is deactivated and scrubbed in one
transaction; reviews stay (under a placeholder name) so the catalog's ratings stay true.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bookstore.accounts.models import ERASED_EMAIL_DOMAIN, ERASED_NAME
from bookstore.accounts.selectors import user_auth_records_count
from bookstore.accounts.services import user_auth_records_delete
from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_record, audit_redact_actor
from bookstore.core.email import email_send_after_commit
from bookstore.core.models import OutboxEmail
from bookstore.privacy.collectors import collect_user_data
from bookstore.privacy.models import DataExport

logger = logging.getLogger(__name__)
_SIGNING_SALT = "bookstore.privacy.export-download"


class PrivacyError(Exception):
    """A privacy request that cannot be carried out; the message is shown to the person asking."""


# --- Export ------------------------------------------------------------------------------------------------


def data_export_request(*, user: Any) -> DataExport:
    """Ask for an export; asking again while one is being prepared returns that one."""
    from bookstore.privacy.tasks import data_export_build_task

    pending = DataExport.objects.in_progress().filter(user=user).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
            audit_record(
                action=AuditAction.EXPORT_REQUESTED,
                actor=user,
                target=user,
                metadata={"export": str(export.id)},
            )
    except IntegrityError:  # a concurrent request won the race: use its export
        return DataExport.objects.in_progress().get(user=user)
    transaction.on_commit(lambda: data_export_build_task.delay(str(export.id)))
    return export


def _zip(documents: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in documents.items():
            archive.writestr(name, json.dumps(content, indent=2, ensure_ascii=False, sort_keys=True))
    return buffer.getvalue()


def data_export_download_token(*, export: DataExport) -> str:
    return signing.dumps(
        {"export": str(export.id), "user": export.user_id}, salt=_SIGNING_SALT, compress=True
    )


def data_export_for_token(*, token: str, user: Any) -> DataExport:
    """The export a download link points to, if the link is genuine, unexpired and this reader's own."""
    max_age = dt.timedelta(days=settings.PRIVACY_EXPORT_TTL_DAYS)
    try:
        payload = signing.loads(token, salt=_SIGNING_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise PrivacyError(
            "This download link has expired. Request a new export from your profile."
        ) from error
    except signing.BadSignature as error:
        raise PrivacyError("This download link is not valid.") from error
    if payload.get("user") != user.pk:
        raise PrivacyError("This download link belongs to another account.")
    export = DataExport.objects.filter(pk=payload.get("export"), user=user).first()
    if (
        export is None
        or export.status != DataExport.Status.READY
        or (export.expires_at and export.expires_at < timezone.now())
    ):
        raise PrivacyError("This export is no longer available. Request a new one from your profile.")
    return export


def data_export_build(*, export_id: str) -> DataExport:
    """Build the ZIP and mail the link. Idempotent: a finished export is left as it is."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").get(pk=export_id)
        if export.status != DataExport.Status.PENDING:
            return export
        user = export.user
        content = _zip(collect_user_data(user))
        export.file.save(f"{export.id}.zip", ContentFile(content), save=False)
        export.status = DataExport.Status.READY
        export.completed_at = timezone.now()
        export.expires_at = export.completed_at + dt.timedelta(days=settings.PRIVACY_EXPORT_TTL_DAYS)
        export.save(update_fields=["file", "status", "completed_at", "expires_at"])
        link = settings.SITE_URL.rstrip("/") + reverse(
            "privacy:export-download", args=[data_export_download_token(export=export)]
        )
        email_send_after_commit(
            to=[user.email],
            subject=f"Your {settings.SITE_NAME} data export is ready",
            body=(
                f"Your data export is ready. Download it (signed in as {user.email}) before "
                f"{export.expires_at:%Y-%m-%d %H:%M} UTC:\n\n{link}\n\n"
                "If you did not ask for this, change your password."
            ),
        )
    return export


def data_export_mark_failed(*, export_id: str, reason: str) -> None:
    DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING).update(
        status=DataExport.Status.FAILED, error=reason[:200]
    )


def data_exports_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the files of expired exports. Returns how many expired."""
    now = now or timezone.now()
    count = 0
    for export in DataExport.objects.expired(now):
        export.file.delete(save=False)
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["file", "status"])
        count += 1
    return count


# --- Erasure -----------------------------------------------------------------------------------------------


@dataclass
class ErasurePlan:
    """What an erasure changes; the dry run prints it, the erasure carries it out."""

    user_id: int
    email: str
    sessions: int = 0
    exports: int = 0
    audit_entries: int = 0
    admin_log_entries: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        rows = [
            f"account #{self.user_id} <{self.email}>: deactivate; scrub e-mail, names and password",
            f"sessions to end: {self.sessions}",
            f"data exports to delete (with files): {self.exports}",
            f"audit entries to redact (events kept): {self.audit_entries}",
            f"admin log entries to redact: {self.admin_log_entries}",
        ]
        rows += [f"{name}: {count}" for name, count in sorted(self.extra.items())]
        return rows


def _user_session_keys(user: Any) -> list[str]:
    return [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]


def _admin_log_entries(user: Any) -> Any:
    content_type = ContentType.objects.get_for_model(get_user_model())
    return LogEntry.objects.filter(content_type=content_type, object_id=str(user.pk))


def _delete_files(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def account_erasure_plan(*, user: Any) -> ErasurePlan:
    from bookstore.audit.selectors import audit_log_about_user

    return ErasurePlan(
        user_id=user.pk,
        email=user.email,
        sessions=len(_user_session_keys(user)),
        exports=user.data_exports.count(),
        audit_entries=audit_log_about_user(user_id=user.pk).count(),
        admin_log_entries=_admin_log_entries(user).count(),
        extra={
            "reviews kept, shown under “Deleted reader”": user.reviews.count(),
            "e-mails in the outbox to delete": OutboxEmail.objects.addressed_to(user.email).count(),
            **user_auth_records_count(user=user),
            "API tokens to revoke": user.api_tokens.count(),
        },
    )


def account_erase(*, user: Any) -> ErasurePlan:
    """Erase a reader's personal data. Staff must be demoted first (their access is a separate decision)."""
    if user.is_staff or user.is_superuser:
        raise PrivacyError("Staff accounts must be demoted before they can be erased.")
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.email.endswith(f"@{ERASED_EMAIL_DOMAIN}"):
            raise PrivacyError("This account has already been erased.")
        plan = account_erasure_plan(user=user)
        audit_record(action=AuditAction.ERASED, actor=user, target=user, metadata={"self_service": True})

        files = [export.file.name for export in user.data_exports.all() if export.file]
        user.data_exports.all().delete()
        user.api_tokens.all().delete()
        Session.objects.filter(session_key__in=_user_session_keys(user)).delete()
        user_auth_records_delete(user=user)
        _admin_log_entries(user).update(object_repr=ERASED_NAME, change_message="")
        # Including unsent ones: nothing more goes to an erased reader.
        OutboxEmail.objects.addressed_to(user.email).delete()

        user.email = f"erased-{user.pk}@{ERASED_EMAIL_DOMAIN}"
        user.display_name = ""
        user.first_name = ""
        user.last_name = ""
        user.is_active = False
        user.last_login = None
        user.set_unusable_password()
        user.save(
            update_fields=[
                "email",
                "display_name",
                "first_name",
                "last_name",
                "is_active",
                "last_login",
                "password",
            ]
        )
        audit_redact_actor(user_id=user.pk, email=plan.email, placeholder=ERASED_NAME)

        storage = DataExport._meta.get_field("file").storage
        # Files go only once the erasure is committed; a rolled-back erasure keeps everything.
        transaction.on_commit(lambda: _delete_files(storage, files))
    logger.info("Erased account #%s", plan.user_id)
    return plan
