"""Reviews: ``/api/v1/books/{id}/reviews/`` (list, write yours) and ``/api/v1/reviews/{id}/`` (yours to edit).

The list uses cursor pagination: stable while new reviews arrive, and as cheap on page 500 as on page 1.
Every write goes through the review services, which check ownership, keep the book's rating counters right
and audit the change; this module only parses input and renders output.
"""

from __future__ import annotations

from typing import Any

from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from bookstore.api.pagination import CursorPagination
from bookstore.api.serializers import InputSerializer
from bookstore.api.throttling import WriteThrottle
from bookstore.caching.generations import book_scope
from bookstore.caching.http import conditional_catalog
from bookstore.catalog.models import Book
from bookstore.catalog.selectors import book_get
from bookstore.reviews.models import Review
from bookstore.reviews.selectors import review_get, review_list_for_book
from bookstore.reviews.services import review_create, review_delete, review_update

_TITLE_MAX = Review._meta.get_field("title").max_length or 200
_TEXT_MAX = Review._meta.get_field("text").max_length or 10_000


class ReviewSerializer(serializers.ModelSerializer):
    book = serializers.UUIDField(source="book_id", read_only=True)
    reviewer = serializers.CharField(
        source="user.public_name", read_only=True, help_text="The reviewer's display name (never an e-mail)."
    )
    is_mine = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ("id", "book", "rating", "title", "text", "reviewer", "is_mine", "created", "updated")
        read_only_fields = fields

    def get_is_mine(self, review: Review) -> bool:
        user = self.context["request"].user
        return bool(user.is_authenticated and review.user_id == user.pk)


class ReviewCreateInput(InputSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(max_length=_TITLE_MAX)
    text = serializers.CharField(max_length=_TEXT_MAX, required=False, allow_blank=True, default="")


class ReviewUpdateInput(InputSerializer):
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    title = serializers.CharField(max_length=_TITLE_MAX, required=False)
    text = serializers.CharField(max_length=_TEXT_MAX, required=False, allow_blank=True)


class BookReviewListApi(generics.ListAPIView):
    """A book's reviews, newest first. POST writes yours (one per book)."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [*generics.ListAPIView.throttle_classes, WriteThrottle]
    pagination_class = CursorPagination
    serializer_class = ReviewSerializer

    def _book(self) -> Book:
        return book_get(user=self.request.user, book_id=self.kwargs["pk"])

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return review_list_for_book(book=self._book())

    # A review, or a reviewer's new public name, moves only its book's generation.
    @method_decorator(conditional_catalog(lambda request, pk: [book_scope(pk)]))
    @extend_schema(summary="A book's reviews")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ReviewCreateInput, responses={201: ReviewSerializer}, summary="Review this book")
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        book = self._book()
        data = ReviewCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_create(user=request.user, book=book, **data.validated_data)
        return Response(self.get_serializer(review).data, status=status.HTTP_201_CREATED)


class ReviewDetailApi(generics.GenericAPIView):
    """One review. Its author may change or delete it; moderators (``reviews.delete_review``) may delete it."""

    permission_classes = [IsAuthenticatedOrReadOnly]
    throttle_classes = [*generics.GenericAPIView.throttle_classes, WriteThrottle]
    serializer_class = ReviewSerializer

    def get_object(self) -> Review:
        return review_get(user=self.request.user, review_id=self.kwargs["pk"])

    @extend_schema(summary="One review")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=ReviewUpdateInput, responses=ReviewSerializer, summary="Change your review")
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review = self.get_object()
        data = ReviewUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = review_update(user=request.user, review=review, **data.validated_data)
        return Response(self.get_serializer(review).data)

    @extend_schema(request=None, responses={204: None}, summary="Delete your review")
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        review_delete(user=request.user, review=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
