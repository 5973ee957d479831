"""The review form: star rating as radio buttons, a title and optional text."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from bookstore.reviews.models import Review

RATING_CHOICES = [(stars, f"{stars} star{'s' if stars > 1 else ''}") for stars in (5, 4, 3, 2, 1)]


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect, label="Your rating"
    )

    class Meta:
        model = Review
        fields = ("rating", "title", "text")
        labels = {"title": "Headline", "text": "Your review"}
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200, "placeholder": "Sum it up in a line"}),
            "text": forms.Textarea(attrs={"rows": 6, "maxlength": 10_000}),
        }

    def clean_rating(self) -> int:
        rating = self.cleaned_data["rating"]
        if rating not in range(1, 6):
            raise ValidationError("Choose between 1 and 5 stars.", code="rating")
        return rating

    def clean_title(self) -> str:
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError("Give your review a headline.", code="required")
        return title

    def clean_text(self) -> str:
        return self.cleaned_data.get("text", "").strip()
