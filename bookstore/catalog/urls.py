from django.urls import path

from bookstore.catalog import views

app_name = "catalog"
urlpatterns = [
    path("books/", views.BookListView.as_view(), name="book-list"),
    path("books/<uuid:pk>/", views.BookRedirectView.as_view(), name="book-redirect"),
    path("books/<uuid:pk>/<slug:slug>/", views.BookDetailView.as_view(), name="book-detail"),
    path("authors/", views.AuthorListView.as_view(), name="author-list"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author-detail"),
    path("genres/", views.GenreListView.as_view(), name="genre-list"),
    path("genres/<slug:slug>/", views.GenreDetailView.as_view(), name="genre-detail"),
]
