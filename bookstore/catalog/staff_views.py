"""The staff area (``/staff/books/``): manage books without the admin, gated by model permissions.

``catalog.change_book`` opens the area; adding and deleting need ``add_book`` / ``delete_book``. A reader
without them gets 403, an anonymous visitor the sign-in page. Writes go through the catalog services, so they
are audited and announced like any other.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import FormView, ListView, TemplateView

from bookstore.catalog.forms import AuthorForm, BookForm
from bookstore.catalog.models import Book
from bookstore.catalog.services import author_create, book_create, book_delete, book_update


def _add_service_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class StaffBookListView(PermissionRequiredMixin, ListView):
    """Every book, published or not (staff manage titles before they appear), newest first."""

    permission_required = "catalog.change_book"
    template_name = "catalog/staff/book_list.html"
    context_object_name = "books"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Book]:
        books = Book.objects.for_listing().order_by("-created", "-id")
        term = (self.request.GET.get("q") or "").strip()[:200]
        if term:
            books = books.filter(Q(title__icontains=term) | Q(isbn13=term.replace("-", "")))
        return books

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        term = (self.request.GET.get("q") or "").strip()[:200]
        return super().get_context_data(q=term, query_string=urlencode({"q": term}) if term else "", **kwargs)


class _StaffFormView(PermissionRequiredMixin, FormView):
    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class StaffBookCreateView(_StaffFormView):
    permission_required = "catalog.add_book"
    template_name = "catalog/staff/book_form.html"
    form_class = BookForm

    def form_valid(self, form: BookForm) -> HttpResponse:
        try:
            book = book_create(actor=self.request.user, **form.service_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{book.title}” is added.")
        return HttpResponseRedirect(reverse("catalog_staff:book-list"))


class StaffBookUpdateView(_StaffFormView):
    permission_required = "catalog.change_book"
    template_name = "catalog/staff/book_form.html"
    form_class = BookForm

    @cached_property
    def book(self) -> Book:
        return get_object_or_404(Book, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.book}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(book=self.book, **kwargs)

    def form_valid(self, form: BookForm) -> HttpResponse:
        book = Book.objects.get(pk=self.book.pk)  # the form changed self.book in memory while validating
        try:
            book = book_update(actor=self.request.user, book=book, **form.service_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{book.title}” is saved.")
        return HttpResponseRedirect(reverse("catalog_staff:book-list"))


class StaffBookDeleteView(PermissionRequiredMixin, TemplateView):
    permission_required = "catalog.delete_book"
    template_name = "catalog/staff/book_confirm_delete.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(book=get_object_or_404(Book, pk=self.kwargs["pk"]), **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        book = get_object_or_404(Book, pk=kwargs["pk"])
        book_delete(actor=request.user, book=book)
        messages.success(request, f"“{book.title}” is deleted.")
        return HttpResponseRedirect(reverse("catalog_staff:book-list"))


class StaffAuthorCreateView(_StaffFormView):
    permission_required = "catalog.add_author"
    template_name = "catalog/staff/author_form.html"
    form_class = AuthorForm

    def form_valid(self, form: AuthorForm) -> HttpResponse:
        try:
            author = author_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{author.name} is added: you can now credit them on a book.")
        return HttpResponseRedirect(reverse("catalog_staff:book-list"))
