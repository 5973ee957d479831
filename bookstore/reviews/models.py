"""Reviews: one per reader per book, rated 1 to 5, enforced by the database.

Reviews outlive their author's erasure (the account row stays, scrubbed), so a book's ratings stay true.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from bookstore.catalog.models import Book


class ReviewQuerySet(models.QuerySet["Review"]):
    def for_book_page(self) -> ReviewQuerySet:
        """Newest first with the reviewer loaded: one query per page of reviews."""
        return self.select_related("user").order_by("-created", "-id")


class Review(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews", db_index=False)
    # PROTECT: accounts are never deleted (erasure scrubs them), and a deleted reviewer would leave the
    # book's counters counting a review that no longer exists.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", db_index=False
    )
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    title = models.CharField(max_length=200)
    text = models.TextField(max_length=10_000, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ("-created", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["book", "user"],
                name="reviews_review_one_per_reader",
                violation_error_message="You have already reviewed this book.",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="reviews_review_rating_1_to_5",
                violation_error_message="A rating is between 1 and 5 stars.",
            ),
        ]
        indexes = [
            models.Index(fields=["book", "-created", "-id"], name="reviews_review_book_page_idx"),
            models.Index(fields=["user", "-created"], name="reviews_review_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.title}"
