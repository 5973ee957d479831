from django.urls import path

from bookstore.tokens.views import ApiTokenListView, ApiTokenRevokeView

app_name = "tokens"
urlpatterns = [
    path("", ApiTokenListView.as_view(), name="list"),
    path("<int:pk>/revoke/", ApiTokenRevokeView.as_view(), name="revoke"),
]
