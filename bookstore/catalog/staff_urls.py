from django.urls import path

from bookstore.catalog import staff_views
from bookstore.catalog.covers.views import StaffBookCoverView

app_name = "catalog_staff"
urlpatterns = [
    path("", staff_views.StaffBookListView.as_view(), name="book-list"),
    path("add/", staff_views.StaffBookCreateView.as_view(), name="book-create"),
    path("<uuid:pk>/edit/", staff_views.StaffBookUpdateView.as_view(), name="book-update"),
    path("<uuid:pk>/delete/", staff_views.StaffBookDeleteView.as_view(), name="book-delete"),
    path("<uuid:pk>/cover/", StaffBookCoverView.as_view(), name="book-cover"),
    path("authors/add/", staff_views.StaffAuthorCreateView.as_view(), name="author-create"),
]
