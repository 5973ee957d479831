"""The search form: the query plus the book list's filters and sorts (relevance first)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf.locale import LANG_INFO

from bookstore.catalog.querysets import SORTS
from bookstore.search.selectors import MAX_QUERY_LENGTH, RELEVANCE

LANGUAGE_CHOICES = [
    ("", "Any language"),
    *sorted(((code, info["name"]) for code, info in LANG_INFO.items() if len(code) == 2), key=lambda c: c[1]),
]


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(
            attrs={"placeholder": "Title, author or subject", "autocomplete": "off", "autofocus": True}
        ),
    )
    genre = forms.SlugField(required=False, widget=forms.HiddenInput)
    author = forms.SlugField(required=False, widget=forms.HiddenInput)
    language = forms.ChoiceField(required=False, choices=LANGUAGE_CHOICES)
    price_min = forms.DecimalField(
        label="Price from", required=False, min_value=Decimal(0), max_digits=10, decimal_places=2
    )
    price_max = forms.DecimalField(
        label="Price to", required=False, min_value=Decimal(0), max_digits=10, decimal_places=2
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[(RELEVANCE, "Relevance"), *((key, label) for key, (label, _) in SORTS.items())],
    )

    def clean_q(self) -> str:
        # Runs of spaces and control characters carry no meaning; websearch syntax survives.
        return " ".join(self.cleaned_data["q"].split())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", "The upper price must not be below the lower one.")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The cleaned filters for ``book_search`` (empty values dropped)."""
        data = {name: self.cleaned_data.get(name) for name in ("genre", "author", "language", "sort")}
        data.update(
            price_min=self.cleaned_data.get("price_min"), price_max=self.cleaned_data.get("price_max")
        )
        return {name: value for name, value in data.items() if value not in (None, "")}
