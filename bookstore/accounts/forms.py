"""Forms for creating and changing users in the admin (and, later, the site)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from bookstore.accounts.managers import normalize_email_address
from bookstore.accounts.models import User


class EmailNormalizingMixin:
    """Normalise the address and refuse one that exists already in another case."""

    instance: User

    def clean_email(self) -> str:
        email = normalize_email_address(self.cleaned_data["email"])  # type: ignore[attr-defined]
        others = User.objects.filter(email__iexact=email)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("An account with this e-mail address already exists.")
        return email


class UserCreationForm(EmailNormalizingMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class UserAdminChangeForm(EmailNormalizingMixin, UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Display name",
        max_length=User._meta.get_field("display_name").max_length,
        required=False,
        help_text="Shown next to your reviews. Leave blank to appear as “Reader”.",
    )
