"""The search page: ``/search/?q=…`` with the book list's filters, sorts and pagination.

Without a query it shows the search form (never an error); bad filter values are a 400 that says why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import InvalidPage, Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import cached_property
from django.views.generic import ListView

from bookstore.catalog.models import Book
from bookstore.catalog.selectors import genre_list
from bookstore.catalog.views import BOOKS_PER_PAGE, KnownCountPaginator
from bookstore.search.forms import SearchForm
from bookstore.search.selectors import book_search


class SearchView(ListView):
    template_name = "search/results.html"
    context_object_name = "books"
    paginate_by = BOOKS_PER_PAGE

    @cached_property
    def form(self) -> SearchForm:
        return SearchForm(self.request.GET or None, genres=list(genre_list()))

    @cached_property
    def query(self) -> str:
        return self.form.cleaned_data["q"] if self.form.is_bound and self.form.is_valid() else ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if self.form.errors:
            response.status_code = 400  # the form is shown again with what is wrong
        return response

    def get_queryset(self) -> QuerySet[Book]:
        if not self.query:
            return Book.objects.none()
        return book_search(user=self.request.user, query=self.query, filters=self.form.filters())

    def paginate_queryset(
        self, queryset: Any, page_size: int
    ) -> tuple[KnownCountPaginator, Page, list[Book], bool]:
        """One query for the page: the total comes with every row (``search_total``), not from a COUNT."""
        number = self.request.GET.get("page") or "1"
        if not number.isdigit() or int(number) < 1:
            raise Http404("No such page of results.")
        start = (int(number) - 1) * page_size
        rows = list(queryset[start : start + page_size])
        total = rows[0].search_total if rows else 0
        paginator = KnownCountPaginator(queryset, page_size, count=total)
        try:
            page = paginator.page(number)
        except InvalidPage as error:  # past the last page
            raise Http404("No such page of results.") from error
        page.object_list = rows
        return paginator, page, rows, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        params.pop("page", None)
        context.update(
            form=self.form,
            query=self.query,
            query_string=params.urlencode(),
            max_results=settings.SEARCH_MAX_RESULTS,
        )
        return context
