"""The guidance index as tables, and each user's conversations with Ask.

Passages keep their vector as float32 bytes (`BinaryField`; bytea on PostgreSQL, where the
pgvector extension is not to be relied on): the app reads all of them once per index
version into one matrix, and a search is then one matrix-vector product in memory (about
15 ms at 100,000 passages), not a scan of the table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class GuidanceIndex(models.Model):
    """The one row saying which model made the vectors and which version of the index the
    passages are (bumped by every re-index, so each process knows to reload)."""

    model = models.CharField(max_length=300)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)


class GuidancePassage(models.Model):
    position = models.PositiveIntegerField(unique=True)
    passage_id = models.CharField(max_length=32, unique=True)
    document = models.CharField(max_length=500)
    url = models.CharField(max_length=1000)
    title = models.CharField(max_length=500)
    headings = models.JSONField(default=list)
    text = models.TextField()
    kind = models.CharField(max_length=100)
    updated = models.CharField(max_length=40, blank=True)
    digest = models.CharField(max_length=32, db_index=True)
    vector = models.BinaryField()


class Conversation(models.Model):
    """Questions one user asked in a row; private to that user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]


class Exchange(models.Model):
    """One question and what Ask replied. `question` is as stored: redacted when the
    question held personal data (and was refused for it)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="exchanges"
    )
    question = models.TextField()
    status = models.CharField(max_length=40)
    answer = models.TextField()
    sources = models.JSONField(default=list)
    steps = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]


class Feedback(models.Model):
    """Whether the asker found an answer useful (one verdict per exchange, the latest)."""

    exchange = models.OneToOneField(Exchange, on_delete=models.CASCADE, related_name="feedback")
    useful = models.BooleanField()
    created_at = models.DateTimeField(auto_now=True)
