"""The custom user model, in place from the very first migration.

Readers sign in with their e-mail address; there is no username. Addresses are stored in one canonical
form (see ``normalize_email_address``) and the database refuses two that differ only in case.
"""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower

from bookstore.accounts.managers import UserManager, normalize_email_address

# An erased account keeps its row (its reviews still count) but nothing that identifies a person.
ERASED_EMAIL_DOMAIN = "erased.invalid"
ERASED_NAME = "Deleted reader"


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", max_length=254, unique=True)
    display_name = models.CharField(
        max_length=80, blank=True, help_text="Shown next to your reviews. Leave blank to stay anonymous."
    )

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = "user"
        verbose_name_plural = "users"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email_address(self.email)

    @property
    def is_erased(self) -> bool:
        return self.email.endswith(f"@{ERASED_EMAIL_DOMAIN}")

    @property
    def public_name(self) -> str:
        """The name shown publicly: the display name, never the e-mail address."""
        if self.is_erased:
            return ERASED_NAME
        return self.display_name or "Reader"
