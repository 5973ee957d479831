"""Review factory: goes through ``review_create`` so the book's counters and the audit trail stay right."""

from __future__ import annotations

from typing import Any

import factory

from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.tests.factories import BookFactory
from bookstore.reviews.models import Review
from bookstore.reviews.services import review_create


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    book = factory.SubFactory(BookFactory)
    user = factory.SubFactory(UserFactory)
    rating = 4
    title = factory.Sequence(lambda n: f"Review {n}")
    text = "Enjoyed it."

    @classmethod
    def _create(cls, model_class: type[Review], *args: Any, **kwargs: Any) -> Review:
        return review_create(**kwargs)
