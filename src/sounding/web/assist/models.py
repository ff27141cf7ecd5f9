"""Collections of documents, who they are shared with, and the questions asked of them.

The documents themselves (files, page text, passages, vectors) are kept by the core
`Collection` in `SOUNDING_HOME/assist-web/<pk>/`; these tables say whose they are.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models

from sounding.assist.collection import Collection


class DocumentCollection(models.Model):
    """Documents one user added; the owner alone changes them or shares them."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_collections"
    )
    name = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="assist_unique_owner_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def folder(self) -> Path:
        return Path(settings.SOUNDING_HOME) / "assist-web" / str(self.pk)

    def core(self) -> Collection:
        """The core collection holding this one's files, pages, passages and vectors."""
        return Collection(self.folder)


class CollectionShare(models.Model):
    """`user` may read the collection and ask questions of it."""

    collection = models.ForeignKey(
        DocumentCollection, on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shared_collections"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username", "pk"]
        unique_together = [("collection", "user")]


class AssistConversation(models.Model):
    """Questions one user asked of one collection; private to that user."""

    collection = models.ForeignKey(
        DocumentCollection, on_delete=models.CASCADE, related_name="conversations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]


class AssistMessage(models.Model):
    """One question and the answer, with its citations as they were given (a citation may
    outlive its document: the document's page is then a 404)."""

    conversation = models.ForeignKey(
        AssistConversation, on_delete=models.CASCADE, related_name="messages"
    )
    question = models.TextField()
    status = models.CharField(max_length=40)
    answer = models.TextField()
    citations = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]
