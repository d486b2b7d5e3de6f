"""Dragoman settings, read from the environment (see docs/configuration.md).

With no variables set, Dragoman runs on one laptop: SQLite, an in-memory channel layer,
Huey on SQLite, files on local disk and e-mail printed to the console. Setting DATABASE_URL,
REDIS_URL, EMAIL_URL and S3_BUCKET moves each part to its scaled service; nothing else
changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse, urlunparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dragoman.config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("DRAGOMAN_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules or env_bool("DRAGOMAN_TESTING")
DRAGOMAN_ENV = env_choice("DRAGOMAN_ENV", "development", ("development", "production", "test"))
PRODUCTION = DRAGOMAN_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION and not TESTING)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set when "
            "DRAGOMAN_ENV=production."
        )
    SECRET_KEY = "dragoman-insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "").rstrip("/")
if not SITE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DRAGOMAN_ENV=production (e.g. https://dragoman.example): "
            "links in e-mails are built from it."
        )
    # In development links follow where `serve` listens (HOST and PORT, as `make run` takes
    # them), so `PORT=9000 make run` mails links that work. A wildcard address is not one a
    # browser can open: links then name this machine's loopback.
    _host = env_str("HOST", "127.0.0.1").strip() or "127.0.0.1"
    if _host in ("0.0.0.0", "::", "[::]"):  # noqa: S104
        _host = "127.0.0.1"
    elif ":" in _host and not _host.startswith("["):
        _host = f"[{_host}]"
    SITE_URL = f"http://{_host}:{env_int('PORT', 8000, minimum=1)}"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "ninja",  # serves the interactive API docs' assets locally (no CDN)
    "huey.contrib.djhuey",
    "django_htmx",
    "phonenumber_field",
    "django_countries",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "dragoman.core",
    "dragoman.accounts",
    "dragoman.catalog",
    "dragoman.orgs",
    "dragoman.linguists",
    "dragoman.orders",
    "dragoman.assignments",
    "dragoman.notifications",
    "dragoman.board",
    "dragoman.conversations",
    "dragoman.demo",  # the demo_data command
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "dragoman.core.middleware.api_errors_as_json",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dragoman.accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "dragoman.config.urls"
ASGI_APPLICATION = "dragoman.config.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dragoman" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dragoman.core.context_processors.dragoman",
                "dragoman.notifications.context_processors.notifications",
                "dragoman.conversations.context_processors.conversations",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL)
except Exception as exc:  # dj_database_url raises several types for bad URLs
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL.")
if _db["ENGINE"] == "django.db.backends.postgresql":
    # Under ASGI every request may run on another thread: persistent per-thread connections
    # would pile up, so Django 5.2's psycopg pool holds them instead (CONN_MAX_AGE must be 0).
    _db["CONN_MAX_AGE"] = 0
    if env_bool("DATABASE_POOL", default=True):
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2, minimum=0),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 20, minimum=1),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 10, minimum=1),
        }
else:
    _db.setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while one writer writes; IMMEDIATE avoids the classic
            # "database is locked" on upgrade from a read to a write transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # A file, not memory, so that `pytest --reuse-db` keeps it between runs and threads of a
    # test server see the same data.
    _db["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"

# --- Redis: cache, channel layer, task queue ---------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must start with redis://, rediss:// or unix://.")

REDIS_PREFIX = env_str("REDIS_PREFIX", "dragoman")
_cache_url = REDIS_URL
_test_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and TESTING and _test_worker:
    # Parallel test workers share one Redis: each gets its own prefix and its own cache
    # database, because clearing a Redis cache empties its whole database.
    REDIS_PREFIX = f"{REDIS_PREFIX}-{_test_worker}"
    _worker_number = int(_test_worker.removeprefix("gw") or 0)
    _cache_url = urlunparse(urlparse(REDIS_URL)._replace(path=f"/{1 + _worker_number % 8}"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": REDIS_PREFIX,
        }
    }
    # Messages a socket's channel holds while its consumer is busy; past that, channels-redis
    # drops new ones for that socket (a client repairs the gap with ``resume``).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py reads with a 5-second timeout by default, as long as the 5 s
                # channels-redis blocks in BZPOPMIN waiting for a socket's next event: a
                # busy event loop then reads a moment late and the socket's consumer dies
                # with TimeoutError. Reading waits longer than the server blocks.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "prefix": REDIS_PREFIX,
                "capacity": env_int("CHANNEL_CAPACITY", 100, minimum=1),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", default=TESTING)
HUEY_WORKERS = env_int("HUEY_WORKERS", 2, minimum=1)
_huey_common = {
    "name": REDIS_PREFIX,
    "immediate": HUEY_IMMEDIATE,
    "consumer": {"workers": HUEY_WORKERS, "worker_type": "thread"},
}
if REDIS_URL:
    HUEY = {**_huey_common, "huey_class": "huey.PriorityRedisHuey", "url": REDIS_URL}
else:
    HUEY = {
        **_huey_common,
        "huey_class": "huey.SqliteHuey",
        "filename": str(DATA_DIR / "huey.sqlite3"),
    }

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SIGNUP_FORM_CLASS = "dragoman.orgs.forms.RegistrationForm"
# allauth's forms with the site's labels; its pages are overridden in dragoman/templates/account/
# and mfa/ to say "Log in", "Join your organisation" and "Two-factor log-in" like the rest.
ACCOUNT_FORMS = {
    "login": "dragoman.accounts.allauth_forms.LoginForm",
    "signup": "dragoman.accounts.allauth_forms.SignupForm",
    "reset_password": "dragoman.accounts.allauth_forms.ResetPasswordForm",
    "reset_password_from_key": "dragoman.accounts.allauth_forms.ResetPasswordKeyForm",
    "change_password": "dragoman.accounts.allauth_forms.ChangePasswordForm",
    "reauthenticate": "dragoman.accounts.allauth_forms.ReauthenticateForm",
}
ACCOUNT_ADAPTER = "dragoman.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Dragoman] "
# Lock-out: after LOGIN_FAILURES_ALLOWED wrong passwords for one e-mail address within
# LOGIN_LOCKOUT_MINUTES, further attempts are refused for that period (django-allauth).
LOGIN_FAILURES_ALLOWED = env_int("LOGIN_FAILURES_ALLOWED", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"30/m/ip,{LOGIN_FAILURES_ALLOWED}/{LOGIN_LOCKOUT_MINUTES}m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Dragoman"
INVITATION_DAYS = env_int("INVITATION_DAYS", 7, minimum=1)
# Hours a linguist has to answer an offer before the request goes back to the queue.
OFFER_ANSWER_HOURS = env_int("OFFER_ANSWER_HOURS", 24, minimum=1)
# Reputation board (Blue Board seed 003). Who may read an outsourcer's earlier contact data
# (FAQ 2.20 gives it to members; "staff" keeps it to staff and the outsourcer's own people).
BOARD_CONTACT_HISTORY_VISIBLE_TO = env_choice(
    "BOARD_CONTACT_HISTORY_VISIBLE_TO", "registered", ("registered", "staff")
)
# FAQ 2.19 splits each statistics table in two by the number of entries without saying
# where; outsourcers with at least this many entries form the first group.
BOARD_STATS_SPLIT_ENTRIES = env_int("BOARD_STATS_SPLIT_ENTRIES", 10, minimum=2)
# FAQ 2.4 / 2.16: entries are usually vetted within 12 hours of being sent.
BOARD_VETTING_TARGET_HOURS = env_int("BOARD_VETTING_TARGET_HOURS", 12, minimum=1)
# FAQ 3.15: the outsourcer may contest a non-payment report before it counts; the seed does
# not say for how long.
BOARD_NONPAYMENT_CONTEST_DAYS = env_int("BOARD_NONPAYMENT_CONTEST_DAYS", 7, minimum=1)
# FAQ 4.3.2: outsourcers with a low average cannot take applications; the seed gives no
# number. An average below this (in tenths: 30 = 3.0) closes applications.
BOARD_APPLICATIONS_MIN_AVERAGE_TENTHS = env_int(
    "BOARD_APPLICATIONS_MIN_AVERAGE_TENTHS", 30, minimum=10
)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# --- Sessions and security --------------------------------------------------------------------
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 24 * 14, minimum=300)
# With Redis, sessions are read from the cache and written through to the database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "dragoman" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Files --------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "dragoman" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "region_name": env_str("S3_REGION") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads (request files): the largest file, and the extensions accepted. Every file is
# checked by its content too (dragoman/orders/uploads.py): the extension must agree with it.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 50, minimum=1)
# Conversations (PRODUCT.md §3): an event's chat opens this many minutes before it starts;
# a person may send at most CHAT_RATE_MESSAGES messages in CHAT_RATE_SECONDS seconds.
CHAT_OPENS_MINUTES_BEFORE = env_int("CHAT_OPENS_MINUTES_BEFORE", 15, minimum=0)
CHAT_RATE_MESSAGES = env_int("CHAT_RATE_MESSAGES", 30, minimum=1)
CHAT_RATE_SECONDS = env_int("CHAT_RATE_SECONDS", 10, minimum=1)
# Attachments in conversations: documents, photos and short videos, at most this large.
CHAT_ATTACHMENT_MAX_MB = env_int("CHAT_ATTACHMENT_MAX_MB", 25, minimum=1)


def _upload_types() -> list[str]:
    from dragoman.orders.uploads import DEFAULT_ALLOWED_TYPES, KNOWN_EXTENSIONS

    raw = env_list("UPLOAD_ALLOWED_TYPES", list(DEFAULT_ALLOWED_TYPES))
    types = list(dict.fromkeys(item.lower().lstrip(".") for item in raw))
    if not types:
        raise ImproperlyConfigured(
            "UPLOAD_ALLOWED_TYPES is empty; leave it unset for the default list, or name at "
            f"least one of: {', '.join(KNOWN_EXTENSIONS)}."
        )
    unknown = [t for t in types if t not in KNOWN_EXTENSIONS]
    if unknown:
        raise ImproperlyConfigured(
            f"UPLOAD_ALLOWED_TYPES: Dragoman cannot check {', '.join(unknown)} by content. "
            f"Choose from: {', '.join(KNOWN_EXTENSIONS)}."
        )
    return types


UPLOAD_ALLOWED_TYPES = _upload_types()
# Form fields besides files stay small; files above 2.5 MB go to a temporary file on disk
# while they are checked, instead of sitting in memory; at most 20 files per request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# A file past UPLOAD_MAX_MB is counted but no longer stored while it arrives.
FILE_UPLOAD_HANDLERS = [
    "dragoman.orders.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]


# --- E-mail -------------------------------------------------------------------------------------
def _email_settings(url: str) -> dict[str, object]:
    """Translate EMAIL_URL (console://, smtp://user:pass@host:587?tls=1, smtps://…) to settings."""
    parsed = urlparse(url)
    if parsed.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parsed.scheme == "memory":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if parsed.scheme in ("smtp", "smtps"):
        options = parse_qs(parsed.query)
        tls = options.get("tls", ["0"])[0] in ("1", "true", "yes")
        if parsed.scheme == "smtps" and tls:
            raise ImproperlyConfigured(
                "EMAIL_URL: smtps:// already encrypts the connection; drop ?tls=1 "
                "(or use smtp://…?tls=1 for STARTTLS)."
            )
        try:
            port = parsed.port
        except ValueError as exc:
            raise ImproperlyConfigured(f"EMAIL_URL has an invalid port: {exc}") from exc
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parsed.hostname or "localhost",
            "EMAIL_PORT": port or (465 if parsed.scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parsed.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
            "EMAIL_USE_SSL": parsed.scheme == "smtps",
            "EMAIL_USE_TLS": tls,
            "EMAIL_TIMEOUT": 20,
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL={url!r}: use console://, memory://, smtp://user:password@host:port?tls=1 "
        "or smtps://user:password@host:port."
    )


globals().update(_email_settings(env_str("EMAIL_URL", "console://")))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Dragoman <no-reply@dragoman.test>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API, WebSockets ------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
# HTTP requests one process runs at once (0: no bound), and how long others may wait in line
# before a 503 (see dragoman/core/asgi_limits.py).
HTTP_CONCURRENCY = env_int("HTTP_CONCURRENCY", 8, minimum=0)
HTTP_QUEUE_TIMEOUT = env_int("HTTP_QUEUE_TIMEOUT", 10, minimum=1)
# Origins allowed to open WebSockets besides the hosts in ALLOWED_HOSTS (comma-separated).
WEBSOCKET_ALLOWED_ORIGINS = env_list("WEBSOCKET_ALLOWED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
