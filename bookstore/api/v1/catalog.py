"""``/api/v1/books/``, ``/authors/``, ``/genres/``: the catalog, read-only, through the catalog's selectors.

Books use page numbers (people browse pages and want a total); authors and genres use limit/offset (a client
can jump anywhere, e.g. to fill an index). Every book query goes through ``book_list`` / ``book_get`` /
``book_search``, so visibility (unpublished titles) is decided in one place.
"""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from bookstore.api.pagination import LimitOffsetPagination, PageNumberPagination
from bookstore.caching.generations import CATALOG, SEARCH, TAXONOMY, book_scope
from bookstore.caching.http import conditional_catalog
from bookstore.catalog.forms import LANGUAGE_CHOICES, MAX_PRICE
from bookstore.catalog.models import Author, Book, Genre
from bookstore.catalog.querysets import DEFAULT_SORT, SORTS
from bookstore.catalog.selectors import (
    BookFilters,
    author_get,
    author_list,
    book_get,
    book_list,
    genre_get,
    genre_list,
)
from bookstore.search.selectors import MAX_QUERY_LENGTH, RELEVANCE, book_search

# --- Output ------------------------------------------------------------------------------------------------


class AuthorRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()


class GenreRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.SlugField()


class PublisherRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.SlugField()


class RatingSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="rating_count")
    average = serializers.DecimalField(
        source="average_rating", max_digits=2, decimal_places=1, allow_null=True, coerce_to_string=True
    )


class HistogramRowSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)
    count = serializers.IntegerField(min_value=0)
    percent = serializers.IntegerField(min_value=0, max_value=100)


class RatingDetailSerializer(RatingSerializer):
    histogram = HistogramRowSerializer(source="rating_histogram", many=True)


class BookSerializer(serializers.ModelSerializer):
    """A book in a list: no description, the rating as count and average."""

    authors = AuthorRefSerializer(source="listed_authors", many=True, read_only=True)
    genres = GenreRefSerializer(source="listed_genres", many=True, read_only=True)
    publisher = PublisherRefSerializer(read_only=True, allow_null=True)
    rating = RatingSerializer(source="*", read_only=True)
    url = serializers.SerializerMethodField(help_text="The book's page on the site.")

    class Meta:
        model = Book
        fields: tuple[str, ...] = (
            "id",
            "title",
            "subtitle",
            "slug",
            "isbn13",
            "price",
            "currency",
            "publication_date",
            "language",
            "page_count",
            "publisher",
            "authors",
            "genres",
            "rating",
            "url",
        )
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, book: Book) -> str:
        return self.context["request"].build_absolute_uri(book.get_absolute_url())


class BookSearchResultSerializer(BookSerializer):
    rank = serializers.FloatField(read_only=True, help_text="Relevance; higher is better.")

    class Meta(BookSerializer.Meta):
        fields = (*BookSerializer.Meta.fields, "rank")
        read_only_fields = fields


class BookDetailSerializer(BookSerializer):
    rating = RatingDetailSerializer(source="*", read_only=True)

    class Meta(BookSerializer.Meta):
        fields = (*BookSerializer.Meta.fields, "description")
        read_only_fields = fields


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ("id", "name", "slug", "bio")
        read_only_fields = fields


class GenreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Genre
        fields = ("id", "name", "slug")
        read_only_fields = fields


# --- Query parameters -------------------------------------------------------------------------------------


class BookListQuery(serializers.Serializer):
    """The book list's filters, validated: a bad value is a 400 naming the parameter."""

    search = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text='Full-text search (the site\'s search): words, "phrases", `or`, `-word`. '
        "Results then carry `rank` and sort by relevance unless `sort` says otherwise.",
    )
    genre = serializers.SlugField(required=False, max_length=120, help_text="A genre's slug.")
    author = serializers.SlugField(required=False, max_length=220, help_text="An author's slug or id.")
    language = serializers.ChoiceField(
        required=False, choices=[code for code, _ in LANGUAGE_CHOICES], help_text="ISO 639-1 code."
    )
    price_min = serializers.DecimalField(
        required=False, max_digits=10, decimal_places=2, min_value=0, max_value=MAX_PRICE
    )
    price_max = serializers.DecimalField(
        required=False, max_digits=10, decimal_places=2, min_value=0, max_value=MAX_PRICE
    )
    sort = serializers.ChoiceField(
        required=False,
        choices=[RELEVANCE, *SORTS],
        help_text=f"Default: `{DEFAULT_SORT}`, or `{RELEVANCE}` with `search`.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        low, high = attrs.get("price_min"), attrs.get("price_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"price_min": "Must not be above price_max."})
        return attrs


# --- Endpoints --------------------------------------------------------------------------------------------


class BookListApi(generics.ListAPIView):
    """Books, filtered and sorted like the site's list; with `search`, the site's full-text search."""

    permission_classes = [AllowAny]
    pagination_class = PageNumberPagination
    serializer_class = BookSerializer

    def get_serializer_class(self) -> type[BookSerializer]:
        if self.request.query_params.get("search"):
            return BookSearchResultSerializer
        return BookSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Book.objects.none()
        query = BookListQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = dict(query.validated_data)
        search = " ".join(params.pop("search", "").split())
        if search:
            params["sort"] = params.get("sort") or RELEVANCE
            return book_search(user=self.request.user, query=search, filters=BookFilters(**params))
        if params.get("sort") == RELEVANCE:
            params.pop("sort")
        return book_list(user=self.request.user, filters=BookFilters(**params))

    # ETag/Last-Modified from the catalog's generations: an unchanged list is a 304 before any query runs.
    @method_decorator(conditional_catalog([CATALOG, SEARCH]))
    @extend_schema(parameters=[BookListQuery], summary="List and search books")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class BookDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = BookDetailSerializer

    def get_object(self) -> Book:
        return book_get(user=self.request.user, book_id=self.kwargs["pk"])

    @method_decorator(conditional_catalog(lambda request, pk: [book_scope(pk), TAXONOMY]))
    @extend_schema(summary="One book")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AuthorListApi(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = LimitOffsetPagination
    serializer_class = AuthorSerializer

    def get_queryset(self) -> Any:
        return author_list()

    @method_decorator(conditional_catalog([CATALOG, TAXONOMY]))
    @extend_schema(summary="List authors")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AuthorDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = AuthorSerializer

    def get_object(self) -> Author:
        return author_get(self.kwargs["slug"])

    @method_decorator(conditional_catalog([CATALOG, TAXONOMY]))
    @extend_schema(summary="One author (their books: /books/?author=<slug>)")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class GenreListApi(generics.ListAPIView):
    permission_classes = [AllowAny]
    pagination_class = LimitOffsetPagination
    serializer_class = GenreSerializer

    def get_queryset(self) -> Any:
        return genre_list()

    @method_decorator(conditional_catalog([CATALOG, TAXONOMY]))
    @extend_schema(summary="List genres")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class GenreDetailApi(generics.RetrieveAPIView):
    permission_classes = [AllowAny]
    serializer_class = GenreSerializer

    def get_object(self) -> Genre:
        return genre_get(self.kwargs["slug"])

    @method_decorator(conditional_catalog([CATALOG, TAXONOMY]))
    @extend_schema(summary="One genre (its books: /books/?genre=<slug>)")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
