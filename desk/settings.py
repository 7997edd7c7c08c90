"""Settings, read from the environment so one build runs in development, CI and production."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DEBUG", True)
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

# DESK_HTTPS=1: the site is served only over HTTPS (directly or behind a proxy that sets
# X-Forwarded-Proto): cookies travel only over HTTPS, browsers are told to use nothing else
# (HSTS), and plain-HTTP requests are redirected.
DESK_HTTPS = env_flag("DESK_HTTPS", False)
if DESK_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy on every response: the desk's own scripts, styles, images and
# connections only; no inline script or style, no eval, never framed. (htmx's own indicator
# style is turned off in base.html's htmx-config; the API docs page widens it for Swagger UI.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "template_partials",
    "ninja",
    "core",
    "webhooks",
    "idempotency",
    "orders",
    "fulfillment",
    "drafts",
    "desk",
]

MIDDLEWARE = [
    "core.middleware.DatabaseDeadlineMiddleware",
    "core.middleware.ApiEdgeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "desk.languages.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    "idempotency.middleware.IdempotencyMiddleware",
]

ROOT_URLCONF = "desk.urls"
WSGI_APPLICATION = "desk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Unset DATABASE_URL: an SQLite file in the checkout. PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# A database that stops answering, down or frozen, turns a request into a 503 within 5 s, never
# a hang: connecting gives up after 2 s, a health check after 1 s, and any other call into the
# connection while a request is served after DATABASE_CALL_DEADLINE_SECONDS (core.postgresql
# shuts its socket down; core.middleware.DatabaseDeadlineMiddleware arms it). A request waits
# once: after a call past its deadline or a failed connection, its later calls fail at once.
DATABASE_CALL_DEADLINE_SECONDS = float(os.environ.get("DATABASE_CALL_DEADLINE_SECONDS", "3"))
DATABASE_HEALTH_CHECK_DEADLINE_SECONDS = 1.0
# The statements on every request's path (core.statements: token look-up, change stamps, single
# reads) are prepared on PostgreSQL, planned once per connection. 0 for a connection pooler
# that cannot keep prepared statements (PgBouncer before 1.21, or without
# max_prepared_statements, in transaction mode).
DATABASE_PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") == "1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "core.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 2)
    if DATABASE_PREPARED_STATEMENTS:
        # Lets psycopg prepare; only core.postgresql's preparing cursor binds on the server and
        # asks for it. Django's own cursors bind on the client, which never prepares.
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
    # Outside requests (migrations, commands) only the server's own limit holds.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c statement_timeout=15000")
    # Every cursor reads its rows at once, so no fetch goes to the server outside a deadline.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["TEST"].setdefault(
        "NAME", os.environ.get("TEST_DATABASE_NAME", "test_" + DATABASES["default"]["NAME"])
    )
else:
    # The embedded default holds the same guarantees as PostgreSQL: every transaction takes the
    # write lock when it begins (IMMEDIATE), so two writers queue on the busy timeout instead of
    # failing a lock upgrade; WAL lets readers run beside the one writer. The busy timeout stays
    # under the contract's 5 s, so a lock held too long is a 503, never a hang; core.sqlite lets
    # the writers take turns in about the order they came, so none waits that long for nothing.
    DATABASES["default"]["ENGINE"] = "core.sqlite"
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "4")),
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA temp_store=MEMORY;"
            ),
        }
    )
    # A file, not shared-cache memory: threads of the concurrency tests each get a connection
    # that waits on the busy timeout (shared-cache memory databases fail at once instead).
    DATABASES["default"].setdefault("TEST", {})
    DATABASES["default"]["TEST"].setdefault(
        "NAME", os.environ.get("TEST_DATABASE_NAME") or str(BASE_DIR / "test-db.sqlite3")
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in throttling (django-axes): 5 failures for one username from one address within
# 15 minutes lock that pair for 15 minutes, at /login/, in the admin and at the API's Basic
# exchange. Listed and lifted in the admin under Axes.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "desk.access.MemberBackend",
    # Sessions signed in before MemberBackend keep working (one query more per request).
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 15 minutes from the failure that set it; refused attempts do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "desk.lockout.lockout_response"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

# The desk speaks these; a user's own setting wins, else the browser's Accept-Language, else
# LANGUAGE_CODE (desk.languages). The API always answers in English.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The server's zone: the default of each organization's own, in which the desk shows times.
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Without collectstatic (tests, demo) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/login/"

# The API rejects bodies over 1 MiB with 413 at the edge (core.middleware).
API_MAX_BODY_BYTES = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

# Access tokens from GET /api/auth/authorize/{org-id} live this long.
API_TOKEN_LIFETIME_SECONDS = int(os.environ.get("API_TOKEN_LIFETIME_SECONDS", str(24 * 3600)))
# Read-only API requests may reuse a token row this process read this recently; a revoked token
# (or a deactivated client) can still read for at most this long, never write. 0 turns it off.
API_TOKEN_CACHE_SECONDS = float(os.environ.get("API_TOKEN_CACHE_SECONDS", "2"))

# Each process's own memory: the desk's rendered cards and the API's recently read token rows.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "desk": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "desk",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    # Token rows of read-only API requests (core.auth.recent_token_row).
    "api_tokens": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "api-tokens",
        "OPTIONS": {"MAX_ENTRIES": 1024},
    },
}
# A poll of a live desk fragment may be answered "not modified" on a poll pass: a signed note,
# issued with every verified answer, that its session was verified this recently (no session,
# user or membership read, in any process). A logout elsewhere, a removed membership or a
# changed password ends such polls within this long; they never get data meanwhile. Everything
# that sends data or writes checks afresh. 0 turns passes off.
DESK_POLL_PASS_SECONDS = float(os.environ.get("DESK_POLL_PASS_SECONDS", "10"))

# A pickup waiting longer than this is highlighted on the queue.
PICKUP_WAIT_WARNING_MINUTES = int(os.environ.get("PICKUP_WAIT_WARNING_MINUTES", "10"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Webhooks. Targets on loopback, link-local or private addresses are refused unless this is on
# (the demo and the tests turn it on).
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_flag("WEBHOOK_ALLOW_PRIVATE_TARGETS", False)
# A 2xx answer within this many seconds is a delivery.
WEBHOOK_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10"))
# Seconds to wait after each failed attempt; after the last, the delivery is given up.
WEBHOOK_RETRY_DELAYS = [
    float(delay)
    for delay in os.environ.get("WEBHOOK_RETRY_DELAYS", "5,300,1800,7200,18000,36000,36000").split(
        ","
    )
    if delay.strip()
]
# A worker's claim on a delivery lasts this long: a worker killed mid-delivery holds it no
# longer, and another worker retries it. Longer than the timeout.
WEBHOOK_LEASE_SECONDS = float(os.environ.get("WEBHOOK_LEASE_SECONDS", "60"))
# A subscription whose every attempt failed for this long is deactivated.
WEBHOOK_DEACTIVATE_AFTER_SECONDS = float(
    os.environ.get("WEBHOOK_DEACTIVATE_AFTER_SECONDS", str(24 * 3600))
)
# How long an idle worker waits before looking for due deliveries again.
WEBHOOK_POLL_SECONDS = float(os.environ.get("WEBHOOK_POLL_SECONDS", "0.5"))
