"""``/api/``: the versioned API, its OpenAPI schema and the two documentation UIs.

Anything under /api/ that no endpoint matches is a JSON 404 in the API's error shape, not the site's HTML page.
"""

from django.conf import settings
from django.urls import include, path, re_path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from bookstore.api.errors import not_found

# ReDoc's bundle, at load time (before it can be given our nonce), inserts two <style> elements: an empty one and
# perfect-scrollbar's CSS. They are allowed by their hashes, which change only with the bundle; the browser
# test (test_docs_browser.py) fails if an upgrade changes them. ReDoc also runs its search index in a Web
# Worker built from a blob: URL; only scripts already admitted by the nonce can create one.
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty <style>
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",  # perfect-scrollbar's .ps{…}
]
_REDOC_CSP = {
    **settings.SECURE_CSP,
    "style-src": [*settings.SECURE_CSP["style-src"], *REDOC_STYLE_HASHES],
    "worker-src": [CSP.SELF, "blob:"],
}

urlpatterns = [
    path("v1/", include(("bookstore.api.v1.urls", "v1"), namespace="v1")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_override(_REDOC_CSP)(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
        ),
        name="api-redoc",
    ),
    re_path(r"^[\s\S]*$", not_found),  # any path, newlines and all
]
