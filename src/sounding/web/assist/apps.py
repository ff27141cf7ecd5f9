from __future__ import annotations

from django.apps import AppConfig


class AssistConfig(AppConfig):
    """Document collections, shared by their owner, and questions answered from them."""

    name = "sounding.web.assist"
    label = "assist"

    def ready(self) -> None:
        from sounding.web.assist import signals  # noqa: F401  (connects the receivers)
