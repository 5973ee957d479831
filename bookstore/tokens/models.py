"""Personal API tokens: a reader's credential for scripts and apps, one per use, revocable one by one.

Only a SHA-256 digest of the token is stored. A token is 256 random bits, so a fast hash is as safe as a slow
one here (nothing to brute-force) and lets authentication look the token up through a unique index. The
plain token is shown once, when created; after that only its name and its first characters identify it.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models

TOKEN_PREFIX = "bst_"  # noqa: S105 - a marker that makes leaked tokens greppable, not a secret
# Shown in lists so a reader can tell tokens apart: the prefix plus a few random characters, not a secret.
VISIBLE_LENGTH = len(TOKEN_PREFIX) + 6


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def for_user(self, user: object) -> ApiTokenQuerySet:
        return self.filter(user=user).order_by("-created", "-pk")


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, help_text="What the token is for, e.g. “reading list script”.")
    visible_part = models.CharField(max_length=VISIBLE_LENGTH, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="tokens_unique_name_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.visible_part}…)"
