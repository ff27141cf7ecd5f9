"""Running on an analyst's own machine: `sounding serve` on loopback, SQLite by default."""

from __future__ import annotations

from sounding.web.settings.base import *  # noqa: F403
from sounding.web.settings.base import SOUNDING_HOME
from sounding.web.settings.secret import load_or_create_secret

SECRET_KEY = load_or_create_secret(SOUNDING_HOME / "web" / "secret_key")
