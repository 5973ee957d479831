"""The URL map. The only module that imports the apps' URLconfs."""

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

admin.site.site_header = f"{settings.SITE_NAME} administration"
admin.site.site_title = settings.SITE_NAME

urlpatterns: list[URLPattern | URLResolver] = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("privacy/", include("bookstore.privacy.urls")),
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
