"""Background jobs, queued in the database so the web app needs no broker."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class Job(models.Model):
    """One unit of background work, with the progress a page can show while it runs.

    `heartbeat` is refreshed while a worker runs the job; a running job whose heartbeat is
    older than JOB_STALE_SECONDS belongs to a worker that died, and another may take it.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=50)
    # What the job works on, of any app's model (a consultation; later a document
    # collection), so the queue knows nothing of the apps that use it. The subject's model
    # declares a GenericRelation to its jobs, which deletes them with it.
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    payload = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    worker = models.CharField(max_length=100, blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["state", "created_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def lost(self) -> bool:
        """Running, but its worker has missed two heartbeats: it has most likely stopped, and
        another worker will take the job over once it is stale."""
        if self.state != self.State.RUNNING or self.heartbeat is None:
            return False
        silent = timezone.now() - self.heartbeat
        return silent > timedelta(seconds=settings.JOB_STALE_SECONDS / 2)

    @property
    def active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class Checkpoint(models.Model):
    """A finished piece of a running job (one question of an analysis, say), kept apart from
    the job's results so they still appear only when the whole job is done; a worker that
    takes the job over skips what its checkpoints cover. Deleted when the job ends."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="checkpoints")
    key = models.CharField(max_length=200)
    data = models.JSONField()
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "key"], name="one_checkpoint_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} of job #{self.job_id}"
