from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class ConsultationsConfig(AppConfig):
    """Consultations, their members, and the themes and responses analysts review."""

    name = "sounding.web.consultations"
    label = "consultations"

    def ready(self) -> None:
        from sounding.web.consultations.background.analysis import ANALYSE, run_analysis_job
        from sounding.web.consultations.background.reassign import REASSIGN, run_reassign_job
        from sounding.web.jobs.registry import register

        register(ANALYSE, run_analysis_job)
        register(REASSIGN, run_reassign_job)
        post_migrate.connect(_keyword_index, sender=self)


def _keyword_index(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Re-make the keyword index's SQLite triggers if a migration rebuilt the table."""
    from sounding.web.consultations.queries.keywords import ensure_index

    ensure_index(connections[using])
