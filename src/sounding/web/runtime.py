"""Sounding's own settings as every part of the web app reads them."""

from __future__ import annotations

from django.conf import settings

from sounding.config import Settings, load_settings


def sounding_settings() -> Settings:
    """Sounding's settings (env, sounding.toml), with the web app's home."""
    return load_settings(home=settings.SOUNDING_HOME, show_progress=False)
