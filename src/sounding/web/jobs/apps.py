from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    """A database-backed job queue and the worker that drains it: no extra server."""

    name = "sounding.web.jobs"
    label = "jobs"
