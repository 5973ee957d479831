"""Periodic audit jobs: retention purge and the monthly permission review."""

from __future__ import annotations

from celery import shared_task
from django.core.mail import mail_admins

from bookstore.audit.reports import permissions_report_text
from bookstore.audit.selectors import privileged_accounts_review
from bookstore.audit.services import audit_purge_expired
from bookstore.core.jobs import RETRY_TRANSIENT


@shared_task
def audit_purge_expired_task() -> int:
    # Idempotent: a second run finds nothing past retention.
    return audit_purge_expired()


@shared_task(**RETRY_TRANSIENT)
def audit_permissions_report_task() -> None:
    mail_admins("Monthly permission review", permissions_report_text(privileged_accounts_review()))
