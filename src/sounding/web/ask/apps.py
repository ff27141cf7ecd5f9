from __future__ import annotations

from django.apps import AppConfig


class AskConfig(AppConfig):
    """Questions answered from GOV.UK guidance, kept per user as conversations."""

    name = "sounding.web.ask"
    label = "ask"
