"""What a reader's export contains: one JSON document per kind of data we hold about them.

Every personal field in docs/privacy.md has a home here (or is listed there as not exported, with why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.sessions.models import Session
from django.utils import timezone

from bookstore.accounts.selectors import user_email_addresses, user_mfa_status, user_sessions
from bookstore.audit.selectors import audit_log_about_user
from bookstore.core.models import OutboxEmail

Collector = Callable[[Any], Any]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def collect_profile(user: Any) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_active": user.is_active,
    }


def collect_sessions(user: Any) -> list[dict[str, Any]]:
    """Active sessions of this user (their keys are secrets and are never exported)."""
    sessions = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        if str(data.get("_auth_user_id")) == str(user.pk):
            sessions.append({"expires": _iso(session.expire_date)})
    return sessions


def collect_email_addresses(user: Any) -> list[dict[str, Any]]:
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in user_email_addresses(user=user)
    ]


def collect_two_factor(user: Any) -> dict[str, Any]:
    """Whether two-factor authentication is on; the secrets themselves are credentials, never exported."""
    status = user_mfa_status(user=user)
    return {"authenticator_app": status.totp, "recovery_codes_left": status.recovery_codes_left}


def collect_sign_ins(user: Any) -> list[dict[str, Any]]:
    """The record of each signed-in session: when, from which address and browser."""
    return [
        {
            "signed_in_at": _iso(session.created_at),
            "last_seen_at": _iso(session.last_seen_at),
            "ip_address": session.ip,
            "user_agent": session.user_agent,
        }
        for session in user_sessions(user=user)
    ]


def collect_audit_entries(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "time": _iso(entry.created_at),
            "action": entry.action,
            "by_you": entry.actor_id_snapshot == user.pk,
            "target": f"{entry.target_type}:{entry.target_id}" if entry.target_type else "",
            "ip_address": entry.ip_address,
            "user_agent": entry.user_agent,
            "changes": entry.changes,
        }
        for entry in audit_log_about_user(user_id=user.pk).iterator()
    ]


def collect_exports(user: Any) -> list[dict[str, Any]]:
    return [
        {"requested_at": _iso(export.requested_at), "status": export.status}
        for export in user.data_exports.order_by("requested_at")
    ]


def collect_reviews(user: Any) -> list[dict[str, Any]]:
    from bookstore.reviews.selectors import review_list_for_user

    return [
        {
            "book": review.book.title,
            "book_id": str(review.book_id),
            "rating": review.rating,
            "title": review.title,
            "text": review.text,
            "created": _iso(review.created),
            "updated": _iso(review.updated),
        }
        for review in review_list_for_user(user=user)
    ]


def collect_emails(user: Any) -> list[dict[str, Any]]:
    """Messages we sent (or are about to send) to the reader; bodies are gone once sent."""
    return [
        {
            "subject": message.subject,
            "status": message.status,
            "queued": _iso(message.created_at),
            "sent": _iso(message.sent_at),
        }
        for message in OutboxEmail.objects.addressed_to(user.email).order_by("created_at")
    ]


def collect_api_tokens(user: Any) -> list[dict[str, Any]]:
    """Names and dates of the reader's API tokens; the tokens themselves are never stored, so never exported."""
    from bookstore.tokens.selectors import api_token_list

    return [
        {
            "name": token.name,
            "starts_with": token.visible_part,
            "created": _iso(token.created),
            "last_used": _iso(token.last_used),
        }
        for token in api_token_list(user=user)
    ]


COLLECTORS: dict[str, Collector] = {
    "profile.json": collect_profile,
    "sessions.json": collect_sessions,
    "email_addresses.json": collect_email_addresses,
    "two_factor.json": collect_two_factor,
    "sign_ins.json": collect_sign_ins,
    "audit_entries.json": collect_audit_entries,
    "data_exports.json": collect_exports,
    "reviews.json": collect_reviews,
    "emails.json": collect_emails,
    "api_tokens.json": collect_api_tokens,
}


def collect_user_data(user: Any) -> dict[str, Any]:
    return {name: collector(user) for name, collector in COLLECTORS.items()}
