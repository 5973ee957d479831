"""Version 1 of the API: ``/api/v1/…``."""

from django.urls import path

from bookstore.api.v1 import catalog, me, reviews

urlpatterns = [
    path("books/", catalog.BookListApi.as_view(), name="book-list"),
    path("books/<uuid:pk>/", catalog.BookDetailApi.as_view(), name="book-detail"),
    path("books/<uuid:pk>/reviews/", reviews.BookReviewListApi.as_view(), name="book-reviews"),
    path("reviews/<int:pk>/", reviews.ReviewDetailApi.as_view(), name="review-detail"),
    path("authors/", catalog.AuthorListApi.as_view(), name="author-list"),
    path("authors/<slug:slug>/", catalog.AuthorDetailApi.as_view(), name="author-detail"),
    path("genres/", catalog.GenreListApi.as_view(), name="genre-list"),
    path("genres/<slug:slug>/", catalog.GenreDetailApi.as_view(), name="genre-detail"),
    path("me/", me.MeApi.as_view(), name="me"),
    path("me/exports/", me.DataExportListApi.as_view(), name="me-exports"),
]
