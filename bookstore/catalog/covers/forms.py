"""The staff cover form: a file, checked by the cover service (not by Django's ImageField, see ``images``)."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat

ACCEPT = "image/jpeg,image/png,image/webp"


class CoverUploadForm(forms.Form):
    cover = forms.FileField(
        label="Cover image",
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: object, max_bytes: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields[
            "cover"
        ].help_text = f"JPEG, PNG or WebP, at most {filesizeformat(max_bytes)}. It is re-encoded and its metadata removed."
