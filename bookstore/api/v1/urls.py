"""Version 1 of the API: ``/api/v1/…``."""

from django.urls import path

from bookstore.api.v1 import me

urlpatterns = [
    path("me/", me.MeApi.as_view(), name="me"),
    path("me/exports/", me.DataExportListApi.as_view(), name="me-exports"),
]
