"""Shared helpers for the support-staff privacy commands."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from bookstore.accounts.managers import normalize_email_address


def user_by_email(email: str) -> Any:
    user = get_user_model().objects.filter(email=normalize_email_address(email)).first()
    if user is None:
        raise CommandError(f"No account with the e-mail address {email!r}.")
    return user
