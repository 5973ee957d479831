from django import forms

from bookstore.tokens.models import ApiToken


class ApiTokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What the token is for, e.g. “reading list script”.",
    )
