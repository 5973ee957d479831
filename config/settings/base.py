"""Production settings: the one settings path to production.

Every deploy-time value is read from the environment (see ``.env.example``) and validated before Django
starts. Staging runs exactly this module with its own environment values. ``local`` and ``test`` only
supply environment defaults and conveniences on top of it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import environ
from celery.schedules import crontab
from django.utils.csp import CSP

from config.settings.environment import validate, validate_celery

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    # Values already in the process environment win over the file.
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core --------------------------------------------------------------------------------------------------

SECRET_KEY = env.str("SECRET_KEY", default="")
# Old keys stay valid for signatures (sessions, password reset links) while a new key rolls out.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

validate(env, debug=DEBUG, allowed_hosts=ALLOWED_HOSTS, secret_key=SECRET_KEY).exit_if_any()

SITE_NAME = env.str("SITE_NAME", default="Bookstore")
# The public address of the site, for links in e-mails sent outside a request (exports, reports).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The admin is not at /admin/: automated scanners hammer that path on every public site.
ADMIN_URL = env.str("ADMIN_URL", default="backoffice/").strip("/") + "/"
ADMINS = env.list("ADMINS", default=[])
MANAGERS = ADMINS

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "bookstore.core",
    "bookstore.ops",
    "bookstore.audit",
    "bookstore.accounts",
    "bookstore.catalog",
    "bookstore.reviews",
    "bookstore.search",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django.contrib.humanize",  # allauth's sessions page uses it
    "bookstore.pages",
    "bookstore.privacy",
    "bookstore.caching",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "bookstore.tokens",
    "bookstore.api",
]

MIDDLEWARE = [
    # Probes answer before host validation and HTTPS redirects: load balancers call pods by IP over HTTP.
    "bookstore.ops.middleware.HealthCheckMiddleware",
    "bookstore.core.middleware.RequestIdMiddleware",
    "bookstore.core.middleware.AllowedMethodsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "bookstore.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "bookstore.caching.middleware.PrivateCacheControlMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Accounts: allauth's request context, then our session policy (idle/absolute timeouts), MFA for staff,
    # and no-store on the account pages.
    "allauth.account.middleware.AccountMiddleware",
    "bookstore.accounts.middleware.SessionPolicyMiddleware",
    "bookstore.accounts.middleware.StaffMfaRequiredMiddleware",
    "bookstore.accounts.middleware.PersonalPagesNoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bookstore.core.context_processors.site",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------------------------

DATABASES = {"default": env.db("DATABASE_URL")}
# A Unix-socket URL carries its directory percent-encoded in the host part.
DATABASES["default"]["HOST"] = unquote(DATABASES["default"].get("HOST", ""))
DATABASES["default"].update(
    {
        # Persistent connections, checked before reuse so a database restart costs no 500s.
        "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=5),
            # A stuck query fails fast instead of holding a worker until the load balancer gives up.
            "options": f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT_MS', default=15_000)}",
            "application_name": "bookstore",
        },
    }
)

# --- Cache (bookstore/caching) ------------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, except that an outage degrades to cache misses (logged), never to 500s.
            "BACKEND": "bookstore.caching.backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bookstore",
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_SOCKET_TIMEOUT", default=0.5),
                # Seconds without trying Redis again after a failure.
                "RETRY_AFTER": env.float("REDIS_RETRY_AFTER", default=5.0),
            },
        }
    }
else:
    # The embedded default: one cache per process. Invalidation is then exact for that process only, so
    # anything running more than one web process must set REDIS_URL.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "bookstore"}
    }
# Anonymous catalog pages cached whole (invalidated by generation, see bookstore/caching/generations.py).
CATALOG_PAGE_CACHE = env.bool("CATALOG_PAGE_CACHE", default=True)
CATALOG_PAGE_CACHE_TIMEOUT = env.int("CATALOG_PAGE_CACHE_TIMEOUT", default=3600)
# Most recent pages each process also keeps in memory (a key never changes content, so this is always safe).
CATALOG_PAGE_LOCAL_ENTRIES = env.int("CATALOG_PAGE_LOCAL_ENTRIES", default=256)
# Seconds a process trusts a generation it read before asking Redis again (changes by other processes show
# within this time; the changing process sees its own at once).
CATALOG_GENERATION_TTL = env.float("CATALOG_GENERATION_TTL", default=0.5)
CATALOG_VALUE_CACHE = env.bool("CATALOG_VALUE_CACHE", default=True)
CATALOG_VALUE_CACHE_TIMEOUT = env.int("CATALOG_VALUE_CACHE_TIMEOUT", default=3600)
# Identifies the deployed code in cache keys and ETags (e.g. the git sha); empty: a digest of the templates.
RELEASE_ID = env.str("RELEASE_ID", default="")
# The benchmark's fixed-response ceiling view at /__bench__/ceiling; never on in production.
BENCH_CEILING_VIEW = env.bool("BENCH_CEILING_VIEW", default=False)

# --- Background tasks (Celery) ----------------------------------------------------------------------------

# Redis in production (redis://, rediss://); RabbitMQ works by changing the URL (amqp://, amqps://).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# JSON only: a pickled message is code, and anyone who can write to the broker could run it in a worker.
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_EVENT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_RESULT_EXPIRES = 86_400
# Reliability. Acknowledge a message only once its task has finished, and put it back when the process
# running it dies (Celery's defaults would mark it failed and lose it); tasks are idempotent, so a second run
# is harmless. Prefetch one: a worker does not sit on queued work while a long task runs.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Recycle pool processes now and then: image and ZIP libraries do not always give memory back.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=500)
# Soft limit: the task gets SoftTimeLimitExceeded and can clean up; hard limit: its process is killed.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
# Redis hands an unacknowledged message to another worker after this many seconds: how soon the work of a
# worker that died is picked up again. It must exceed the longest hard time limit and retry wait, or a task
# still running (or waiting for its retry) is delivered twice; the `core` system check verifies every task.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=900)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # Look for messages of dead workers every 30 s (Redis) rather than every ~100 s.
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 3,
    "socket_connect_timeout": 3,
}
# A web request hands its tasks over after commit: fail fast when the broker is down (the e-mail outbox
# keeps the message and a periodic flush hands it over later) instead of holding the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Django's logging configuration stays in charge in the worker too.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default="") or str(
    DATA_DIR / "celerybeat-schedule"
)
validate_celery(
    broker_url=CELERY_BROKER_URL,
    soft_time_limit=CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=CELERY_TASK_TIME_LIMIT,
    visibility_timeout=CELERY_VISIBILITY_TIMEOUT,
).exit_if_any()
if not CELERY_BROKER_URL:
    # The embedded default: no broker, so tasks run in this process when enqueued. Callers enqueue in
    # transaction.on_commit, so "when enqueued" means right after the transaction commits.
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = False

# Periodic jobs (Celery beat). Apps add theirs as CELERY_BEAT_SCHEDULE["name"] = {...} in their own block.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "sessions-clear-expired": {
        "task": "bookstore.core.tasks.sessions_clear_expired_task",
        "schedule": crontab(minute=10, hour=3),
    },
    "email-outbox-flush": {
        "task": "bookstore.core.tasks.email_outbox_flush_task",
        "schedule": crontab(minute="*/5"),
    },
    "email-outbox-purge": {
        "task": "bookstore.core.tasks.email_outbox_purge_task",
        "schedule": crontab(minute=40, hour=3),
    },
}
# Sent and failed messages are kept this long for support questions ("did you send my reset link?").
EMAIL_OUTBOX_RETENTION_DAYS = env.int("EMAIL_OUTBOX_RETENTION_DAYS", default=30)

# --- Audit trail -------------------------------------------------------------------------------------------

AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# Logins, access changes and privacy events may be kept longer for investigations.
AUDIT_SECURITY_RETENTION_DAYS = env.int("AUDIT_SECURITY_RETENTION_DAYS", default=AUDIT_RETENTION_DAYS)

CELERY_BEAT_SCHEDULE["audit-purge-expired"] = {
    "task": "bookstore.audit.tasks.audit_purge_expired_task",
    "schedule": crontab(minute=30, hour=3),
}
CELERY_BEAT_SCHEDULE["audit-permissions-report"] = {
    "task": "bookstore.audit.tasks.audit_permissions_report_task",
    "schedule": crontab(minute=0, hour=6, day_of_month=1),
}

# --- Privacy -----------------------------------------------------------------------------------------------

# Days a data export's download link works before the file is deleted.
PRIVACY_EXPORT_TTL_DAYS = env.int("PRIVACY_EXPORT_TTL_DAYS", default=7)
CELERY_BEAT_SCHEDULE["privacy-expire-exports"] = {
    "task": "bookstore.privacy.tasks.data_exports_expire_task",
    "schedule": crontab(minute=15),
}

# --- REST API (bookstore.api) ------------------------------------------------------------------------------

# Throttle counters live in the default cache: with REDIS_URL set, every process shares them.
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="60/min"),
    "user": env.str("API_THROTTLE_USER", default="600/min"),
    "writes": env.str("API_THROTTLE_WRITES", default="60/min"),
}
REST_FRAMEWORK = {
    # Tokens first: an anonymous client is told "401, send a Bearer token" rather than a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "bookstore.tokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework_xml.renderers.XMLRenderer",
        "rest_framework_yaml.renderers.YAMLRenderer",
        # The browsable API is a development convenience only: it renders forms and the session's user.
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "bookstore.api.negotiation.ContentNegotiation",
    "DEFAULT_THROTTLE_CLASSES": [
        "bookstore.api.throttling.AnonThrottle",
        "bookstore.api.throttling.UserThrottle",
    ],
    "DEFAULT_PAGINATION_CLASS": "bookstore.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "bookstore.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "bookstore.api.errors.exception_handler",
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
    "URL_FORMAT_OVERRIDE": "format",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "The bookstore's catalog, reviews and the reader's own data. See docs/api.md.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and ReDoc assets come from drf-spectacular-sidecar, served by us: no CDN (CSP, offline use).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "persistAuthorization": False, "validatorUrl": None},
}

# CORS: only the API, only for the origins listed (e.g. a partner's single-page app). No cookies cross over:
# cross-origin clients authenticate with a Bearer token.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["Retry-After", "X-Request-ID"]
CORS_PREFLIGHT_MAX_AGE = 3600

# --- Authentication ----------------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Accounts (django-allauth) -----------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # ModelBackend answers permission checks (the admin); allauth's backend signs in by e-mail.
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "pages:home"
ACCOUNT_ADAPTER = "bookstore.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# The link in the mail opens a page with a button: mail scanners that follow links confirm nothing.
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# One address per account; a new one replaces it only once verified.
ACCOUNT_CHANGE_EMAIL = True
# Sign-up and password reset answer the same whether or not an account exists (a mail tells the owner).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Tell the owner by mail when the password or e-mail address changes, in case it was not them.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env.bool("HTTPS", default=True) else "http"
# Failed password logins are counted by bookstore.accounts.throttle (429 with a retry time); allauth's
# own "login_failed" limit stays, looser, because it also guards two-factor codes.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "30/15m/ip,10/15m/key",
    "signup": "10/h/ip",
    "reset_password": "10/15m/ip,3/15m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "manage_email": "10/m/user",
    "change_password": "5/m/user",
    "reauthenticate": "10/m/user",
}
# Brute-force lockout for password logins: this many failures per account (or ACCOUNT_LOCKOUT_IP_FAILURES
# per client address) within the window answer 429 until the window ends. Counters live in the cache.
ACCOUNT_LOCKOUT_FAILURES = env.int("ACCOUNT_LOCKOUT_FAILURES", default=5)
ACCOUNT_LOCKOUT_IP_FAILURES = env.int("ACCOUNT_LOCKOUT_IP_FAILURES", default=20)
ACCOUNT_LOCKOUT_WINDOW_SECONDS = env.int("ACCOUNT_LOCKOUT_WINDOW_SECONDS", default=15 * 60)

MFA_ADAPTER = "bookstore.accounts.adapter.MfaAdapter"
# Keys that encrypt TOTP secrets and recovery-code seeds at rest (first encrypts, all decrypt). Unset: derived
# from SECRET_KEY and SECRET_KEY_FALLBACKS — then keep a rotated key in the fallbacks, or two-factor breaks.
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEYS", default=[])
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Accept the previous 30-second code too: phones drift and people type slowly (RFC 6238 allows one step).
MFA_TOTP_TOLERANCE = 1
# Staff must have an authenticator app before the admin opens.
ACCOUNT_STAFF_MFA_REQUIRED = env.bool("ACCOUNT_STAFF_MFA_REQUIRED", default=True)
# Sessions are listed from allauth.usersessions rows written at login; activity is tracked in the session.
USERSESSIONS_TRACK_ACTIVITY = False

# Sessions end after this long without a request, and in any case this long after sign-in.
SESSION_IDLE_TIMEOUT_SECONDS = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30) * 60
SESSION_ABSOLUTE_LIFETIME_SECONDS = env.int("SESSION_ABSOLUTE_LIFETIME_DAYS", default=14) * 24 * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME_SECONDS

# --- HTTPS, cookies and security headers -------------------------------------------------------------------

# One switch for everything that assumes TLS; only local development turns it off.
HTTPS = env.bool("HTTPS", default=True)
SECURE_SSL_REDIRECT = HTTPS
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=True)
if BEHIND_PROXY:
    # Trust X-Forwarded-Proto only because the proxy in deploy/ overwrites it on every request.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours append to X-Forwarded-For; the client address is the entry the outermost wrote.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_PROXY else 0)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# "preload" only allows submission to the browsers' list; submitting is a separate, deliberate step.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# The __Host- prefix pins a cookie to this exact host over HTTPS; browsers reject it without Secure.
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "bookstore.core.views.csrf_failure"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", *env.list("CSP_IMG_SOURCES", default=[])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# --- Static and media files --------------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=DATA_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files with far-future cache headers; they work with DEBUG off.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Files only their owner may fetch, through a checked view (data exports). Never under MEDIA_URL.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env.path("PRIVATE_MEDIA_ROOT", default=DATA_DIR / "private")},
    },
}

# --- Search ------------------------------------------------------------------------------------------------

# A search ranks at most this many matching books (50 pages of 20): ranking reads each match's vector from
# disk, and a very common word at a million books would otherwise cost half a second (bench/results/).
SEARCH_MAX_RESULTS = env.int("SEARCH_MAX_RESULTS", default=1000)

# --- Covers ------------------------------------------------------------------------------------------------

# Uploaded covers are decoded and re-encoded; anything larger is refused before Pillow reads a pixel.
COVER_MAX_BYTES = env.int("COVER_MAX_BYTES", default=5 * 1024 * 1024)
# An explicit pixel cap far below Pillow's decompression-bomb limit (89 megapixels): a 5,000 x 5,000 cover
# already decodes to 100 MB of memory per worker.
COVER_MAX_PIXELS = env.int("COVER_MAX_PIXELS", default=25_000_000)
# Thumbnail widths in pixels (WebP), made in the background after each upload: list pages, detail page.
COVER_THUMBNAIL_WIDTHS = {"small": 200, "large": 480}

# Public media (covers) live on S3-compatible object storage when a bucket is named, on the filesystem
# otherwise. Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or an
# instance role), never from this file.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _s3_endpoint = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    _s3_domain = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
    _s3_region = env.str("AWS_S3_REGION_NAME", default="") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": _s3_endpoint,
            "region_name": _s3_region,
            "custom_domain": _s3_domain,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            # Covers are public and their names change with every upload: plain URLs cache forever.
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    # Let pages load images from the bucket (or its CDN) under the Content-Security-Policy.
    if _s3_domain:
        SECURE_CSP["img-src"].append(f"https://{_s3_domain}")
    elif _s3_endpoint:
        SECURE_CSP["img-src"].append(_s3_endpoint.rstrip("/"))
    else:
        SECURE_CSP["img-src"].append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
        if _s3_region:
            SECURE_CSP["img-src"].append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_s3_region}.amazonaws.com")

# --- E-mail ------------------------------------------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="smtp://localhost:25")
# Django 6.1 configures mail backends through MAILERS; translate django-environ's EMAIL_* names.
_MAILER_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_FILE_PATH": "file_path",
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            option: _email[key]
            for key, option in _MAILER_OPTIONS.items()
            if _email.get(key) not in (None, "")
        },
    }
}
if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"]["timeout"] = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Bookstore <noreply@bookstore.localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Internationalisation ----------------------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Logging -----------------------------------------------------------------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "bookstore.core.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # Host header probes by scanners are noise, not errors.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}
