"""Forms for the privacy pages."""

from __future__ import annotations

from typing import Any

from django import forms

from bookstore.accounts.selectors import user_has_totp
from bookstore.accounts.services import user_mfa_code_check


class AccountEraseForm(forms.Form):
    """Erasure asks for the password again, and a two-factor code when two-factor authentication is on:
    a borrowed, unlocked laptop must not be enough."""

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label="Code from your authenticator app (or a recovery code)",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(label="I understand this cannot be undone", required=True)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user_has_totp(user=user):
            del self.fields["code"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The code is checked only after the password: a wrong password must not use up a recovery code.
        checkable = "code" in self.fields and "password" in cleaned and "code" in cleaned
        if checkable and not user_mfa_code_check(user=self.user, code=cleaned["code"]):
            self.add_error("code", "That code is not valid. Enter the current code from your app.")
        return cleaned
