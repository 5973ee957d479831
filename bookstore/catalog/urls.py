from django.urls import path

from bookstore.caching.generations import CATALOG, TAXONOMY, book_scope
from bookstore.caching.pages import cache_catalog_page
from bookstore.catalog import views

# Anonymous visitors share cached copies of these pages until a change moves the scopes they show
# (bookstore/caching): every catalog change moves CATALOG; a book's page depends on that book and on the
# names of its authors, genres and publisher.
catalog_page = cache_catalog_page([CATALOG])
book_page = cache_catalog_page(lambda request, pk, slug: [TAXONOMY, book_scope(pk)])

app_name = "catalog"
urlpatterns = [
    path("books/", catalog_page(views.BookListView.as_view()), name="book-list"),
    path("books/<uuid:pk>/", views.BookRedirectView.as_view(), name="book-redirect"),
    path("books/<uuid:pk>/<slug:slug>/", book_page(views.BookDetailView.as_view()), name="book-detail"),
    path("authors/", catalog_page(views.AuthorListView.as_view()), name="author-list"),
    path("authors/<slug:slug>/", catalog_page(views.AuthorDetailView.as_view()), name="author-detail"),
    path("genres/", catalog_page(views.GenreListView.as_view()), name="genre-list"),
    path("genres/<slug:slug>/", catalog_page(views.GenreDetailView.as_view()), name="genre-detail"),
]
