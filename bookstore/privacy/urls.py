from django.urls import path

from bookstore.privacy.views import (
    AccountEraseView,
    DataExportDownloadView,
    DataExportRequestView,
    PrivacyView,
)

app_name = "privacy"
urlpatterns = [
    path("", PrivacyView.as_view(), name="overview"),
    path("export/", DataExportRequestView.as_view(), name="export-request"),
    path("exports/<str:token>/", DataExportDownloadView.as_view(), name="export-download"),
    path("erase/", AccountEraseView.as_view(), name="erase"),
]
