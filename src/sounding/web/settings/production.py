"""Behind HTTPS on a shared server: secret from the environment, secure cookies, no signup."""

from __future__ import annotations

import os

from sounding.web.settings.base import *  # noqa: F403

SECRET_KEY = os.environ["SOUNDING_WEB_SECRET_KEY"]
ALLOW_SIGNUP = os.environ.get("SOUNDING_WEB_SIGNUP", "0") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SOUNDING_WEB_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
