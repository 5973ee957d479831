"""The search form: the query plus the book list's own filters, and relevance as the first sort."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from bookstore.catalog.forms import BookFilterForm
from bookstore.catalog.querysets import SORTS
from bookstore.search.selectors import MAX_QUERY_LENGTH, RELEVANCE


class SearchForm(BookFilterForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"placeholder": "Title, author or subject", "autocomplete": "off"}),
    )

    field_order = ["q"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sort = cast(forms.ChoiceField, self.fields["sort"])
        sort.choices = [(RELEVANCE, "Relevance"), *((key, label) for key, (label, _) in SORTS.items())]

    def clean_q(self) -> str:
        # Runs of spaces and control characters carry no meaning; the websearch syntax survives.
        return " ".join(self.cleaned_data["q"].split())

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or RELEVANCE
