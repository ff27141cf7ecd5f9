from __future__ import annotations

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    """Consultations, their members, and the themes and responses analysts review."""

    name = "sounding.web.consultations"
    label = "consultations"

    def ready(self) -> None:
        from sounding.web.consultations.analysis_job import ANALYSE, run_analysis_job
        from sounding.web.consultations.reassign_job import REASSIGN, run_reassign_job
        from sounding.web.jobs.registry import register

        register(ANALYSE, run_analysis_job)
        register(REASSIGN, run_reassign_job)
