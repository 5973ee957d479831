"""Sending e-mail without ever making a web request wait for, or fail because of, a mail server.

Callers build the message and call :func:`email_send_after_commit`; the message is handed to a background
task only once the surrounding transaction commits (so a rolled-back sign-up sends nothing), and the task
retries transient failures. A down mail server therefore never turns a form submission into a 500.
"""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction


def email_send_after_commit(
    *, to: list[str], subject: str, body: str, html: str | None = None, from_email: str | None = None
) -> None:
    from bookstore.core.tasks import email_send

    payload: dict[str, object] = {
        "to": list(to),
        "subject": subject,
        "body": body,
        "html": html,
        "from_email": from_email,
    }
    transaction.on_commit(lambda: email_send.delay(payload))


def email_deliver(payload: dict[str, object]) -> None:
    """Send one message now (called by the task)."""
    message = EmailMultiAlternatives(
        subject=str(payload["subject"]),
        body=str(payload["body"]),
        from_email=payload.get("from_email") or None,  # type: ignore[arg-type]
        to=list(payload["to"]),  # type: ignore[call-overload]
    )
    if payload.get("html"):
        message.attach_alternative(str(payload["html"]), "text/html")
    message.send()
