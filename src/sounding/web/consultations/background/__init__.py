"""Work the job queue runs for a consultation: the analysis, re-assigning a question's
responses, and the checkpoints that let a new worker resume an analysis."""

from __future__ import annotations

from sounding.web.consultations.models import Consultation
from sounding.web.jobs.models import Job


def consultation_of(job: Job) -> Consultation:
    """The consultation `job` works on: its subject, which the queue does not type."""
    subject = job.subject
    if not isinstance(subject, Consultation):
        raise TypeError(f"{job} is not a consultation's job")
    return subject
