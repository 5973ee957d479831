"""The URL map. The only module that imports the apps' URLconfs."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME
# The admin signs in through the site's login: the same lockout, e-mail verification and two-factor step.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# Rate-limited requests (allauth's limits and the login lockout) get a page saying when to try again.
handler429 = "bookstore.accounts.views.too_many_requests"

urlpatterns: list[URLPattern | URLResolver] = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("bookstore.accounts.urls")),
    path("privacy/", include("bookstore.privacy.urls")),
    path("api/", include("bookstore.api.urls")),
    path("tokens/", include("bookstore.tokens.urls")),
    path("", include("bookstore.catalog.urls")),
    path("", include("bookstore.reviews.urls")),
    path("staff/books/", include("bookstore.catalog.staff_urls")),
    path("search/", include("bookstore.search.urls")),
    # Covers are served with DEBUG off too (from the storage; object storage links to the bucket instead).
    path(f"{settings.MEDIA_URL.strip('/')}/covers/", include("bookstore.catalog.covers.urls")),
    path("", include("bookstore.pages.urls")),
]

if settings.BENCH_CEILING_VIEW:
    from bookstore.ops.bench import ceiling

    urlpatterns.insert(0, path("__bench__/ceiling", ceiling, name="bench-ceiling"))

if settings.DEBUG:
    from django.views.static import serve

    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})
    ]
    if "debug_toolbar" in settings.INSTALLED_APPS and getattr(settings, "DEBUG_TOOLBAR_ENABLED", False):
        from debug_toolbar.toolbar import debug_toolbar_urls

        urlpatterns += debug_toolbar_urls()
