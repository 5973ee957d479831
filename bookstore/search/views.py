"""The search page: ``/search/?q=…`` with the list's filters, sorts and pagination."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.generic import ListView

from bookstore.catalog.models import Book
from bookstore.search.forms import SearchForm
from bookstore.search.selectors import book_search


class SearchView(ListView):
    template_name = "search/results.html"
    context_object_name = "books"
    paginate_by = 20

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form = SearchForm(request.GET)
        response = super().get(request, *args, **kwargs)
        if self.form.is_bound and not self.form.is_valid():
            response.status_code = 400  # the form is shown again with its errors
        return response

    def get_queryset(self) -> QuerySet[Book]:
        if not self.form.is_valid() or not self.form.cleaned_data["q"]:
            return Book.objects.none()
        return book_search(
            user=self.request.user, query=self.form.cleaned_data["q"], filters=self.form.filters()
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["query"] = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        return context
