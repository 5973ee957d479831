"""Production settings keep profiling tools out, and static files are cached forever under hashed names."""

import tempfile

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import RequestFactory, SimpleTestCase, override_settings
from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]

from config.settings import base


class ProductionSettingsTests(SimpleTestCase):
    def test_debug_toolbar_is_not_in_production_or_test_settings(self):
        self.assertNotIn("debug_toolbar", base.INSTALLED_APPS)
        self.assertFalse(any("debug_toolbar" in name for name in base.MIDDLEWARE))
        self.assertNotIn("debug_toolbar", settings.INSTALLED_APPS)

    def test_bench_ceiling_is_off_by_default(self):
        self.assertFalse(base.BENCH_CEILING_VIEW)
        self.assertEqual(self.client.get("/__bench__/ceiling").status_code, 404)

    def test_private_cache_control_runs_after_authentication(self):
        middleware = base.MIDDLEWARE
        self.assertLess(
            middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware"),
            middleware.index("bookstore.caching.middleware.PrivateCacheControlMiddleware"),
        )


class ImmutableStaticTests(SimpleTestCase):
    def test_hashed_static_files_are_served_immutable_for_a_year(self):
        storages = {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        }
        with (
            tempfile.TemporaryDirectory() as root,
            override_settings(
                STATIC_ROOT=root,
                STORAGES=storages,
                WHITENOISE_USE_FINDERS=False,
                WHITENOISE_AUTOREFRESH=False,
            ),
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
            staticfiles_storage._setup()
            url = staticfiles_storage.url("css/site.css")
            middleware = WhiteNoiseMiddleware(lambda request: None)
            response = middleware(RequestFactory().get(url))
        self.assertRegex(url, r"/static/css/site\.[0-9a-f]{12}\.css$")
        self.assertIn("immutable", response["Cache-Control"])
        self.assertIn("max-age=315360000", response["Cache-Control"])
