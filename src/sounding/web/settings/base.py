"""Settings shared by every environment.

Read from the environment here, at the edge, and nowhere deeper. Sounding's home, which holds
the SQLite database and uploads, is the one `sounding.config` reads (SOUNDING_HOME or
sounding.toml), as for the command line; `DATABASE_URL` switches to PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from sounding.config import configure_libraries, load_settings

configure_libraries()  # for libraries that listen only to the environment (sounding.config)
WEB_DIR = Path(__file__).resolve().parent.parent
SOUNDING_HOME = load_settings().home
UPLOAD_DIR = SOUNDING_HOME / "web" / "uploads"

SECRET_KEY = os.environ.get("SOUNDING_WEB_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("SOUNDING_WEB_HOSTS", "127.0.0.1,localhost").split(",")
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "sounding.web.accounts",
    "sounding.web.jobs",
    "sounding.web.consultations",
    "sounding.web.ask",
    "sounding.web.assist",
    "sounding.web.frontend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sounding.web.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sounding.web.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sounding.web.htmx.SignInRedirectMiddleware",
]

ROOT_URLCONF = "sounding.web.urls"
WSGI_APPLICATION = "sounding.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # A missing variable must not silently print as "": tests catch it in `test`.
            "string_if_invalid": "",
        },
    }
]


def database(url: str | None, sqlite_path: Path) -> dict[str, object]:
    """PostgreSQL (or any dj-database-url URL) when `url` is set, else SQLite in the home."""
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": sqlite_path,
        # Wait for the worker's writes rather than failing with "database is locked".
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
    }


DATABASES = {"default": database(os.environ.get("DATABASE_URL"), SOUNDING_HOME / "web.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "consultations:list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout (see accounts/lockout.py), within the window: this many failed logins lock a
# username from one client address; from one address, whatever the usernames, stop it; for
# a username from anywhere (guessing spread over many addresses), lock it everywhere.
LOGIN_FAILURE_LIMIT = 5
LOGIN_IP_FAILURE_LIMIT = 20
LOGIN_USER_FAILURE_LIMIT = 50
LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
# Reverse proxies in front of the app: the client's address is then read from the entry of
# X-Forwarded-For the outermost proxy added (REMOTE_ADDR would be the proxy's own).
NUM_PROXIES = int(os.environ.get("SOUNDING_WEB_PROXIES", "0"))
ALLOW_SIGNUP = os.environ.get("SOUNDING_WEB_SIGNUP", "1") == "1"

# Sessions end after an hour without activity, or when the browser closes.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Secure headers. HSTS is only ever sent on HTTPS responses (SecurityMiddleware's rule).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)

# Uploads: Django spools big files to disk; these limits are checked before any parsing.
MAX_UPLOAD_BYTES = int(os.environ.get("SOUNDING_WEB_MAX_UPLOAD_MB", "50")) * 1024 * 1024
MAX_UPLOAD_ROWS = int(os.environ.get("SOUNDING_WEB_MAX_ROWS", "200000"))
# An XLSX is a zip: refuse one that would inflate past this (a decompression bomb).
MAX_XLSX_UNCOMPRESSED_BYTES = 20 * MAX_UPLOAD_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# A running job whose worker has not reported for this long is taken over by another (its
# heartbeat beats four times in this span; after half of it, pages say the worker is lost).
JOB_STALE_SECONDS = 30
JOB_POLL_SECONDS = 2.0

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = SOUNDING_HOME / "web" / "static"
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"sounding.web": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
