"""The test suite: SQLite in memory, or PostgreSQL when DATABASE_URL is set."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sounding.web.settings.base import *  # noqa: F403
from sounding.web.settings.base import DATABASES

SECRET_KEY = "test-only-not-secret"
SOUNDING_HOME = Path(tempfile.mkdtemp(prefix="sounding-web-test-"))
UPLOAD_DIR = SOUNDING_HOME / "web" / "uploads"
STATIC_ROOT = SOUNDING_HOME / "web" / "static"
STATIC_ROOT.mkdir(parents=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
# Close connections after each request, so the live server's threads leave none open.
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
