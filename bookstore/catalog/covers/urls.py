"""Cover files under ``MEDIA_URL``covers/ (included from ``config/urls.py``)."""

from django.urls import path

from bookstore.catalog.covers.views import cover_file

app_name = "covers"

urlpatterns = [path("<path:name>", cover_file, name="file")]
