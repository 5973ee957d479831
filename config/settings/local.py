"""Development settings: environment defaults for a laptop, plus developer conveniences.

Nothing here changes how the site behaves beyond what a developer needs: plain HTTP on localhost, the
embedded PostgreSQL when DATABASE_URL is unset, mail written to files, and the debug toolbar.
"""

import os

from config.settings import defaults

defaults.apply(
    DEBUG="True",
    ALLOWED_HOSTS="localhost,127.0.0.1,[::1]",
    HTTPS="False",
    EMAIL_URL=f"filemail:///{defaults.DATA_DIR / 'mail'}",
)

from config.settings.base import *  # noqa: E402, F403
from config.settings.base import INSTALLED_APPS, MAILERS, MIDDLEWARE  # noqa: E402

# Let runserver serve static files through WhiteNoise too, so development matches production.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS, "debug_toolbar"]
MIDDLEWARE = [*MIDDLEWARE, "debug_toolbar.middleware.DebugToolbarMiddleware"]
INTERNAL_IPS = ["127.0.0.1"]
DEBUG_TOOLBAR_ENABLED = os.environ.get("DEBUG_TOOLBAR", "1") == "1"

# Mail files with the plain-text body decoded, so a verification link can be copied whole.
if MAILERS["default"]["BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    MAILERS["default"]["BACKEND"] = "bookstore.core.mail_backends.ReadableFileBackend"
