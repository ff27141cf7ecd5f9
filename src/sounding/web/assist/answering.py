"""Answering a question about a collection and keeping it in the user's conversation.

Offline for now (there is no switch for a model in the web app yet): the answer quotes the
documents, each quote checked against its page. The embedding model is the process's one.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from sounding.errors import SoundingError
from sounding.services.assist import open_assistant
from sounding.services.embedding import shared_model
from sounding.web.assist.models import AssistConversation, AssistMessage, DocumentCollection
from sounding.web.runtime import sounding_settings

TITLE_CHARS = 80


def answer(
    user: User,
    collection: DocumentCollection,
    question: str,
    conversation: AssistConversation | None,
) -> AssistMessage:
    """Ask `question` of `collection` in `conversation` (a new one when None) and store it."""
    core = collection.core()
    if not core.documents():
        raise SoundingError(
            "This collection has no documents yet.", "Add a document, then ask again."
        )
    settings = sounding_settings()
    embedder = shared_model(settings)
    with open_assistant(settings, core, use_llm=False, embedder=embedder) as assistant:
        result = assistant.ask(question)
    citations = [
        {
            "document": c.document,
            "document_id": c.document_id,
            "page": c.page,
            "label": c.label,
            "quote": c.quote,
        }
        for c in result.citations
    ]
    with transaction.atomic():
        if conversation is None:
            title = " ".join(question.split())[:TITLE_CHARS] or "Question"
            conversation = AssistConversation.objects.create(
                collection=collection, user=user, title=title
            )
        message = AssistMessage.objects.create(
            conversation=conversation,
            question=question,
            status=result.status,
            answer=result.answer,
            citations=citations,
        )
        conversation.save(update_fields=["updated_at"])
    return message
