"""Catalog admin: searchable, filterable lists with their related rows loaded in one query.

Admin saves are recorded by the audit receivers (they hear the admin's LogEntry); here we only announce
the change with ``catalog_changed`` so caches and search vectors follow. Rating counters are read-only: only
the review services move them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from bookstore.catalog.models import Author, Book, BookAuthor, Genre, Publisher
from bookstore.catalog.signals import catalog_changed_after_commit

RATING_FIELDS = (*Book.RATING_FIELDS, "average_rating")


class CatalogChangeAdmin(admin.ModelAdmin):
    """Sends ``catalog_changed`` after every admin add, change and delete."""

    def _announce(self, objects: list[Any]) -> None:
        ids = [obj.pk for obj in objects]
        model = self.model
        if model is Book:
            catalog_changed_after_commit(sender=Book, book_ids=ids)
        elif model is Author:
            catalog_changed_after_commit(sender=Author, author_ids=ids)
        elif model is Genre:
            catalog_changed_after_commit(sender=Genre, genre_ids=ids)
        else:
            catalog_changed_after_commit(sender=model)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        self._announce([form.instance])

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._announce([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        self._announce(list(queryset))
        super().delete_queryset(request, queryset)


@admin.register(Author)
class AuthorAdmin(CatalogChangeAdmin):
    list_display = ("name", "slug", "created")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created", "updated")


@admin.register(Publisher)
class PublisherAdmin(CatalogChangeAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Genre)
class GenreAdmin(CatalogChangeAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


class BookAuthorInline(admin.TabularInline):
    model = BookAuthor
    autocomplete_fields = ("author",)
    extra = 1
    ordering = ("position",)


@admin.register(Book)
class BookAdmin(CatalogChangeAdmin):
    list_display = (
        "title",
        "isbn13",
        "publisher",
        "publication_date",
        "language",
        "price",
        "currency",
        "rating_count",
        "rating_average",
    )
    list_select_related = ("publisher",)
    # No date_hierarchy and no currency filter: both run a DISTINCT over every book on each page view.
    list_filter = ("language", ("publication_date", admin.DateFieldListFilter), "genres")
    search_fields = ("title", "subtitle", "=isbn13", "credits__author__name")
    search_help_text = "Title, subtitle, exact ISBN-13 or author name."
    autocomplete_fields = ("publisher", "genres")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (BookAuthorInline,)
    readonly_fields = ("id", "created", "updated", *RATING_FIELDS)
    list_per_page = 50
    # Counting a million books on every changelist view is the classic slow admin.
    show_full_result_count = False
    fieldsets = (
        (None, {"fields": ("id", "title", "subtitle", "slug", "isbn13", "description")}),
        ("Sale", {"fields": ("price", "currency")}),
        ("Publication", {"fields": ("publisher", "publication_date", "language", "page_count", "genres")}),
        ("Ratings (kept by the review services)", {"fields": RATING_FIELDS, "classes": ("collapse",)}),
        ("History", {"fields": ("created", "updated")}),
    )

    @admin.display(description="average rating")
    def average_rating(self, obj: Book) -> Any:
        return obj.average_rating if obj.average_rating is not None else "—"
