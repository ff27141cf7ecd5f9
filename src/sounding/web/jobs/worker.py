"""The worker loop behind `sounding worker`: claim a job, run its handler, repeat.

A handler's error fails the job with the error's message (a `SoundingError`'s message and
hint, written for analysts), so the page can say why; anything unexpected is logged in
full and shown briefly.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection

from sounding.errors import SoundingError
from sounding.web.jobs import queue
from sounding.web.jobs.checkpoints import JobLost
from sounding.web.jobs.models import Job
from sounding.web.jobs.registry import handler_for

log = logging.getLogger("sounding.web.jobs")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def reason(error: BaseException) -> str:
    """What to tell an analyst about a failed job."""
    if isinstance(error, SoundingError):
        return f"{error.message} {error.hint}".strip()
    return f"{type(error).__name__}: {error}"


class Heartbeat:
    """Refresh a running job's heartbeat from a side thread, so a long stage that reports no
    progress (clustering a big question, say) is not mistaken for a dead worker."""

    def __init__(self, job: Job, every: float) -> None:
        self.job, self.every = job, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name=f"heartbeat-{job.pk}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(self.every):
                try:
                    queue.report(self.job)
                except Exception:  # a missed beat is not worth stopping the job for
                    log.warning("Could not record the heartbeat of job %s", self.job.pk)
        finally:
            connection.close()  # this thread's own connection


def run_job(job: Job) -> None:
    """Run one claimed job to its end, recording failure rather than raising."""
    handler = handler_for(job.kind)
    try:
        if handler is None:
            raise SoundingError(f"No handler for jobs of kind {job.kind!r}.")
        with Heartbeat(job, every=settings.JOB_STALE_SECONDS / 4):
            handler(job)
    except JobLost:  # another worker took it over (this one stalled): it is theirs now
        log.warning("Job %s was taken over by another worker; stopped", job.pk)
    except Exception as error:  # a job's failure must never stop the worker
        log.exception("Job %s failed", job.pk)
        queue.fail(job, reason(error))


def run_next(worker: str | None = None) -> Job | None:
    """Claim and run one job; None when the queue is empty."""
    job = queue.claim(worker or worker_name())
    if job is not None:
        log.info("Running %s", job)
        run_job(job)
    return job


def run_forever(once: bool = False, poll: float | None = None) -> None:
    """Drain the queue, then wait for more; with `once`, stop when it is empty."""
    name = worker_name()
    delay = settings.JOB_POLL_SECONDS if poll is None else poll
    log.info("Worker %s waiting for jobs", name)
    while True:
        close_old_connections()
        job = run_next(name)
        if job is None:
            if once:
                return
            time.sleep(delay)
