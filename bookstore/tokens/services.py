"""Creating, using and revoking personal API tokens."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bookstore.audit.actions import AuditAction
from bookstore.audit.services import audit_record
from bookstore.tokens.models import TOKEN_PREFIX, VISIBLE_LENGTH, ApiToken, token_digest

MAX_TOKENS_PER_USER = 20
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 80
# Recording every use would turn each API read into a write; a minute is precise enough to spot a stale token.
LAST_USED_PRECISION = dt.timedelta(minutes=1)
# A real token is far shorter; anything longer is not worth hashing.
_MAX_KEY_LENGTH = 100


def _audit_ref(token: ApiToken) -> tuple[str, str, str]:
    # The visible part identifies the token in the trail; its name is the reader's own words and stays out.
    return ("tokens.apitoken", str(token.pk), f"{token.visible_part}…")


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token; returns it and the plain key, which is never available again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the token a name, so you can recognise it later."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"Use at most {NAME_MAX_LENGTH} characters."})
    with transaction.atomic():
        # Serialise this reader's token creations, so the limit and the unique name hold under races.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        tokens = ApiToken.objects.filter(user=user)
        if tokens.count() >= MAX_TOKENS_PER_USER:
            raise ValidationError(
                f"You have {MAX_TOKENS_PER_USER} tokens already; revoke one you no longer use first."
            )
        if tokens.filter(name=name).exists():
            raise ValidationError({"name": "You already have a token with this name."})
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken.objects.create(
            user=user, name=name, visible_part=key[:VISIBLE_LENGTH], digest=token_digest(key)
        )
        audit_record(action=AuditAction.TOKEN_CREATED, actor=user, target_ref=_audit_ref(token))
    return token, key


def api_token_revoke(*, actor: Any, token: ApiToken) -> None:
    """Revoke (delete) a token: its owner may, and staff allowed to delete tokens (a leaked token)."""
    if token.user_id != actor.pk and not actor.has_perm("tokens.delete_apitoken"):
        raise PermissionDenied("You can only revoke your own tokens.")
    with transaction.atomic():
        audit_record(
            action=AuditAction.TOKEN_REVOKED,
            actor=actor,
            target_ref=_audit_ref(token),
            metadata={"owner": token.user_id} if token.user_id != actor.pk else None,
        )
        token.delete()


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The token (with its user) that ``key`` is, or None; notes when it was last used."""
    if not key.startswith(TOKEN_PREFIX) or len(key) > _MAX_KEY_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used is None or token.last_used < now - LAST_USED_PRECISION:
        # Bookkeeping, not a change by anyone: no audit entry. update() touches only this column.
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        token.last_used = now
    return token
