"""Test settings: production settings with defaults for a laptop, tuned only for speed."""

from config.settings import defaults

defaults.apply(
    DEBUG="False",
    ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
    HTTPS="False",
    CONN_MAX_AGE="0",
)

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import STORAGES  # noqa: E402

# Hashing with Argon2 costs ~50 ms per password; tests create hundreds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The manifest needs collectstatic first; one test runs collectstatic with the production storage.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Serve static files from the source folders, so tests never depend on a prior collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# View tests assert what a view renders (its context, its query count); a page served from the cache
# has neither; cached counts and menus would hide rows that factories add without a catalog signal. The page cache has its own tests, which turn it on (bookstore/caching/tests).
CATALOG_PAGE_CACHE = False
CATALOG_VALUE_CACHE = False
