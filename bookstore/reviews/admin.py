"""Review moderation in the admin: read, search, and delete through the review service.

Reviews are never added or edited here (they are the readers' words); a deletion goes through
``review_delete`` so the book's counters, the audit trail and ``catalog_changed`` stay right.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from bookstore.reviews.models import Review
from bookstore.reviews.services import review_delete


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("title", "rating", "book", "user", "created")
    list_select_related = ("book", "user")
    list_filter = ("rating", ("created", admin.DateFieldListFilter))
    search_fields = ("title", "book__title", "=book__isbn13", "user__email")
    autocomplete_fields = ("book", "user")
    readonly_fields = ("book", "user", "rating", "title", "text", "created", "updated")
    date_hierarchy = "created"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Review) -> None:
        review_delete(user=request.user, review=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset.order_by("book_id", "pk"):
            review_delete(user=request.user, review=review)
