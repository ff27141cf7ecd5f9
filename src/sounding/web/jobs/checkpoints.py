"""A running job's checkpoints: finished pieces of work a worker taking it over can skip.

Only the job's current owner may save one, and the ownership check and the write share a
transaction (the UPDATE of the job row locks it), so a worker that lost the job to another
can neither add nor overwrite checkpoints; it is told with `JobLost` and stops.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from sounding.web.jobs.models import Checkpoint, Job


class JobLost(Exception):
    """Another worker has taken this job over; this one must stop without writing."""


def save(job: Job, key: str, data: Any) -> None:
    """Keep `data` under `key` for `job` (replacing any earlier one); JobLost if not ours."""
    with transaction.atomic():
        owned = Job.objects.filter(pk=job.pk, worker=job.worker, state=Job.State.RUNNING)
        if not owned.update(heartbeat=timezone.now()):
            raise JobLost(f"Job {job.pk} was taken over by another worker.")
        Checkpoint.objects.update_or_create(job=job, key=key[:200], defaults={"data": data})


def load(job: Job) -> dict[str, Any]:
    """Every checkpoint of `job`, by key."""
    return dict(Checkpoint.objects.filter(job=job).values_list("key", "data"))


def clear(job: Job) -> None:
    Checkpoint.objects.filter(job=job).delete()
