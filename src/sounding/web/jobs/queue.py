"""Put jobs in the queue, claim them, report progress, and finish them.

Claiming is a compare-and-swap UPDATE on the row's state and worker (after a
`SELECT ... FOR UPDATE SKIP LOCKED` where the database has one), so two workers never run
the same job, on PostgreSQL or SQLite. A job left `running` by a worker that died is claimed
again once its heartbeat is stale; handlers must therefore be safe to run twice (the
analysis replaces its results in one transaction, so a rerun never duplicates them), and
may keep `checkpoints` of finished work so the next worker resumes instead of restarting.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from sounding.web.jobs import checkpoints
from sounding.web.jobs.models import Checkpoint, Job

MAX_ATTEMPTS = 3


def enqueue(kind: str, subject: Model | None = None, **payload: Any) -> Job:
    """Queue a job of `kind` (a registered handler's name) working on `subject`."""
    return Job.objects.create(kind=kind, subject=subject, payload=payload)


def jobs_of(subject: Model) -> QuerySet[Job]:
    """Every job queued for `subject`, whatever its model."""
    kind = ContentType.objects.get_for_model(subject)
    return Job.objects.filter(subject_type=kind, subject_id=subject.pk)


def _stale_before() -> Any:
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)


def _claimable() -> Q:
    return Q(state=Job.State.QUEUED) | Q(state=Job.State.RUNNING, heartbeat__lt=_stale_before())


def _give_up_on_crashers() -> None:
    """A job whose worker died on it MAX_ATTEMPTS times would kill the next one too."""
    crashers = Job.objects.filter(
        state=Job.State.RUNNING, heartbeat__lt=_stale_before(), attempts__gte=MAX_ATTEMPTS
    )
    given_up = list(crashers.values_list("pk", flat=True))
    if not given_up:
        return
    crashers.filter(pk__in=given_up).update(
        state=Job.State.FAILED,
        finished_at=timezone.now(),
        error=f"The worker stopped while running this job {MAX_ATTEMPTS} times; "
        "it may be too large for the machine. Check the worker's log.",
    )
    Checkpoint.objects.filter(job_id__in=given_up).delete()


def claim(worker: str) -> Job | None:
    """Take the oldest claimable job for `worker`, or None when there is nothing to do."""
    _give_up_on_crashers()
    for _ in range(5):  # another worker may win the race for a candidate; try the next
        with transaction.atomic():
            candidates = Job.objects.filter(_claimable()).order_by("created_at", "id")
            if connection.features.has_select_for_update_skip_locked:
                candidates = candidates.select_for_update(skip_locked=True)
            job = candidates.first()
            if job is None:
                return None
            now = timezone.now()
            taken = Job.objects.filter(
                pk=job.pk, state=job.state, worker=job.worker, heartbeat=job.heartbeat
            ).update(
                state=Job.State.RUNNING,
                worker=worker,
                heartbeat=now,
                started_at=now,
                attempts=job.attempts + 1,
                error="",
            )
        if taken:
            job.refresh_from_db()
            return job
    return None


def report(
    job: Job, stage: str | None = None, done: int | None = None, total: int | None = None
) -> None:
    """Record progress and refresh the heartbeat; only the job's own worker may write it."""
    fields: dict[str, Any] = {"heartbeat": timezone.now()}
    if stage is not None:
        fields["stage"] = stage[:200]
    if done is not None:
        fields["done"] = done
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk, worker=job.worker, state=Job.State.RUNNING).update(**fields)


def still_owned(job: Job) -> bool:
    """Whether `job` is still this worker's (another may have taken it over as stale)."""
    return Job.objects.filter(pk=job.pk, worker=job.worker, state=Job.State.RUNNING).exists()


def finish(job: Job) -> bool:
    """Mark `job` done; call inside the transaction that writes its results.

    Returns False (and writes nothing) when another worker has taken the job over, so the
    caller's transaction can be rolled back instead of publishing a second copy.
    """
    finished = Job.objects.filter(pk=job.pk, worker=job.worker, state=Job.State.RUNNING).update(
        state=Job.State.DONE, finished_at=timezone.now(), heartbeat=timezone.now()
    )
    if finished:
        checkpoints.clear(job)  # the results now hold everything they covered
    return bool(finished)


def fail(job: Job, reason: str) -> None:
    if Job.objects.filter(pk=job.pk, worker=job.worker).update(
        state=Job.State.FAILED, error=reason[:5000], finished_at=timezone.now()
    ):
        checkpoints.clear(job)  # a failed job is not resumed; running it again is a new job
