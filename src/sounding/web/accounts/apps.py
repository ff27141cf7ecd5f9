from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Logging in, signing up and locking out repeated failures."""

    name = "sounding.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from sounding.web.accounts import lockout  # noqa: F401  (connects its signal)
