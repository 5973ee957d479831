"""Reader-facing catalog pages: the book list, a book, an author, a genre.

Each page runs a fixed number of queries whatever it shows (the tests hold them to it): books come with their
authors and genres in one query (``for_listing``), and a book's reviews are counted from its counters.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import DetailView, ListView, RedirectView

from bookstore.caching.catalog import CachedCountPaginator, genre_menu
from bookstore.catalog.forms import BookFilterForm
from bookstore.catalog.models import Author, Book, Genre
from bookstore.catalog.selectors import (
    BookFilters,
    author_get,
    author_list,
    book_get,
    book_list,
    genre_get,
    genre_list,
)
from bookstore.reviews.forms import ReviewForm
from bookstore.reviews.selectors import rating_summary, review_get_for_user, review_list_for_book

BOOKS_PER_PAGE = 20
REVIEWS_PER_PAGE = 10


class KnownCountPaginator(Paginator):
    """A paginator told how many items there are (a denormalised counter), so it runs no COUNT query."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


class BookListView(ListView):
    template_name = "catalog/book_list.html"
    context_object_name = "books"
    paginate_by = BOOKS_PER_PAGE
    paginator_class = CachedCountPaginator

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        if self.filter_form.errors:
            response.status_code = 400  # the page explains what is wrong with the filter
        return response

    @cached_property
    def filter_form(self) -> BookFilterForm:
        return BookFilterForm(self.request.GET or None, genres=genre_menu())

    def get_queryset(self) -> QuerySet[Book]:
        form = self.filter_form
        if form.is_bound and not form.is_valid():
            return Book.objects.none()
        return book_list(user=self.request.user, filters=form.filters() if form.is_bound else BookFilters())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, query_string=query.urlencode())
        return context


class BookRedirectView(RedirectView):
    """``/books/<id>/`` → the canonical URL with the slug (301)."""

    permanent = True

    def get_redirect_url(self, *args: Any, **kwargs: Any) -> str:
        return book_get(user=self.request.user, book_id=kwargs["pk"]).get_absolute_url()


class BookDetailView(DetailView):
    template_name = "catalog/book_detail.html"
    context_object_name = "book"

    def get_object(self, queryset: QuerySet[Book] | None = None) -> Book:
        return book_get(user=self.request.user, book_id=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if (
            kwargs.get("slug") != self.object.url_slug
        ):  # an old or mistyped slug: send readers to the real one
            return HttpResponsePermanentRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        book = self.object
        paginator = KnownCountPaginator(
            review_list_for_book(book=book), REVIEWS_PER_PAGE, count=book.rating_count
        )
        try:
            reviews_page = paginator.page(self.request.GET.get("page") or 1)
        except InvalidPage as error:  # past the end or not a number: the page does not exist
            raise Http404("No such page of reviews.") from error
        own_review = review_get_for_user(book=book, user=self.request.user)
        context.update(
            summary=rating_summary(book),
            reviews_page=reviews_page,
            reviews=reviews_page.object_list,
            own_review=own_review,
            review_form=ReviewForm() if self.request.user.is_authenticated and own_review is None else None,
        )
        return context


class AuthorListView(ListView):
    template_name = "catalog/author_list.html"
    context_object_name = "authors"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Author]:
        return author_list()


class _BooksOfView(ListView):
    """A list of the visible books of one author or genre, paginated, sorted like the main list."""

    paginate_by = BOOKS_PER_PAGE
    paginator_class = CachedCountPaginator
    context_object_name = "books"
    filter_name = ""

    def get_subject(self) -> Any:
        raise NotImplementedError

    @cached_property
    def subject(self) -> Any:
        return self.get_subject()

    def get_queryset(self) -> QuerySet[Book]:
        sort = self.request.GET.get("sort") or ""
        return book_list(
            user=self.request.user,
            filters=BookFilters.from_mapping({self.filter_name: self.subject.slug, "sort": sort}),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sort = self.request.GET.get("sort")
        context.update(subject=self.subject, query_string=urlencode({"sort": sort}) if sort else "")
        return context


class AuthorDetailView(_BooksOfView):
    template_name = "catalog/author_detail.html"
    filter_name = "author"

    def get_subject(self) -> Author:
        return author_get(self.kwargs["slug"])


class GenreListView(ListView):
    template_name = "catalog/genre_list.html"
    context_object_name = "genres"

    def get_queryset(self) -> QuerySet[Genre]:
        return genre_list()


class GenreDetailView(_BooksOfView):
    template_name = "catalog/genre_detail.html"
    filter_name = "genre"

    def get_subject(self) -> Genre:
        return genre_get(self.kwargs["slug"])
