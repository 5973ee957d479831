"""Everything under /accounts/: our pages first, then allauth's (sign-up, login, e-mail, password, 2FA …)."""

from django.urls import include, path, re_path

from bookstore.accounts.views import (
    LogoutEverywhereView,
    PasswordChangeView,
    PasswordResetFromKeyView,
    ProfileView,
)

# Same names as allauth's, listed before its URLconf so that these views answer.
allauth_overrides = [
    path("password/change/", PasswordChangeView.as_view(), name="account_change_password"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        PasswordResetFromKeyView.as_view(),
        name="account_reset_password_from_key",
    ),
]

urlpatterns = [
    path(
        "profile/",
        include(
            (
                [
                    path("", ProfileView.as_view(), name="profile"),
                    path("logout-everywhere/", LogoutEverywhereView.as_view(), name="logout-everywhere"),
                ],
                "accounts",
            )
        ),
    ),
    *allauth_overrides,
    path("", include("allauth.urls")),
]
