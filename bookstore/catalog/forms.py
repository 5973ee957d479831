"""Catalog forms: the list filters readers use and the book form of the staff area."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError

from bookstore.catalog.models import Author, Book, Genre
from bookstore.catalog.querysets import DEFAULT_SORT, SORTS
from bookstore.catalog.selectors import BookFilters
from bookstore.catalog.validators import normalize_isbn13, validate_isbn13

# The languages offered in the filter: the ones Django knows by name, sorted by that name.
LANGUAGE_CHOICES = sorted(
    ((code, str(info["name"])) for code, info in LANG_INFO.items() if len(code) == 2 and "name" in info),
    key=lambda choice: choice[1],
)
MAX_PRICE = Decimal("99999999.99")


class BookFilterForm(forms.Form):
    """GET parameters of a book list. Every field is optional; a bad value is a clear error, not a 500."""

    genre = forms.ChoiceField(required=False, label="Genre")
    author = forms.SlugField(required=False, max_length=220, widget=forms.HiddenInput)
    language = forms.ChoiceField(required=False, choices=[("", "Any language"), *LANGUAGE_CHOICES])
    price_min = forms.DecimalField(
        required=False, min_value=0, max_value=MAX_PRICE, decimal_places=2, label="Price from",
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )  # fmt: skip
    price_max = forms.DecimalField(
        required=False, min_value=0, max_value=MAX_PRICE, decimal_places=2, label="Price up to",
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )  # fmt: skip
    sort = forms.ChoiceField(required=False, choices=[(key, label) for key, (label, _) in SORTS.items()])

    def __init__(self, *args: Any, genres: list[Genre] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        genre_field = cast(forms.ChoiceField, self.fields["genre"])
        genre_field.choices = [("", "All genres")] + [(g.slug, g.name) for g in genres or []]

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or DEFAULT_SORT

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("price_min"), cleaned.get("price_max")
        if low is not None and high is not None and low > high:
            raise ValidationError("The lowest price must not be above the highest price.", code="price_range")
        return cleaned

    def filters(self) -> BookFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return BookFilters.from_mapping(
            {name: value for name, value in data.items() if value not in (None, "")}
            | {"sort": data.get("sort") or DEFAULT_SORT}
        )


class BookForm(forms.ModelForm):
    """The staff area's book form. Authors are typed in credit order; each must already exist."""

    # Longer than 13: staff paste ISBNs with hyphens; clean_isbn13 keeps the digits.
    isbn13 = forms.CharField(
        label="ISBN-13",
        max_length=20,
        help_text="13 digits; hyphens and spaces are ignored.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    authors_text = forms.CharField(
        label="Authors",
        max_length=1000,
        help_text="In credit order, separated by commas. Each must already exist (by name or slug).",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = Book
        fields = (
            "title", "subtitle", "isbn13", "description", "price", "currency", "publication_date",
            "language", "page_count", "publisher", "genres",
        )  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "publication_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "genres": forms.CheckboxSelectMultiple,
            "currency": forms.TextInput(attrs={"size": 3, "maxlength": 3}),
            "language": forms.Select(choices=LANGUAGE_CHOICES),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["authors_text"] = ", ".join(author.name for author in self.instance.listed_authors)

    def clean_isbn13(self) -> str:
        value = normalize_isbn13(self.cleaned_data["isbn13"])
        validate_isbn13(value)
        if Book.objects.filter(isbn13=value).exclude(pk=self.instance.pk).exists():
            raise ValidationError("Another book already has this ISBN-13.", code="isbn13_taken")
        return value

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError("A book needs a title.", code="required")
        return title

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean_authors_text(self) -> list[Author]:
        names = [name.strip() for name in self.cleaned_data["authors_text"].split(",") if name.strip()]
        if not names:
            raise ValidationError("Name at least one author.", code="required")
        authors: list[Author] = []
        unknown = []
        for name in names:
            author = (
                Author.objects.filter(slug=name).first() or Author.objects.filter(name__iexact=name).first()
            )
            if author is None:
                unknown.append(name)
            elif author in authors:
                raise ValidationError(f"{author.name} is listed twice.", code="duplicate")
            else:
                authors.append(author)
        if unknown:
            raise ValidationError(f"Unknown author(s): {', '.join(unknown)}. Add them first.", code="unknown")
        return authors

    def service_fields(self) -> dict[str, Any]:
        """The validated values as keyword arguments for ``book_create`` / ``book_update``."""
        data = dict(self.cleaned_data)
        return {"authors": data.pop("authors_text"), "genres": list(data.pop("genres")), **data}


class AuthorForm(forms.ModelForm):
    class Meta:
        model = Author
        fields = ("name", "bio")
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("An author needs a name.", code="required")
        return name
