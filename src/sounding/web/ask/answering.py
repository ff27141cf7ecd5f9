"""Answering a signed-in user's question in the web app: rate limit, conversation, the
shared pipeline, and what is stored (the question as `AskState.stored_question` keeps it:
redacted when it held personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from sounding.ask.state import Status, Turn
from sounding.services.ask import open_asker, same_model
from sounding.services.embedding import shared_model
from sounding.web.ask import store
from sounding.web.ask.models import Conversation, Exchange
from sounding.web.runtime import sounding_settings

#: Earlier exchanges of a conversation the pipeline sees.
HISTORY = 3
TITLE_CHARS = 80
#: A conversation's title until a question gives it one.
UNTITLED = "Question"


@dataclass(frozen=True)
class RateLimited(Exception):
    """Too many questions in the last minute; `retry_after` seconds until the next."""

    retry_after: int


def check_rate(user: User, per_minute: int) -> None:
    since = timezone.now() - timedelta(minutes=1)
    recent = list(
        Exchange.objects.filter(conversation__user=user, created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:per_minute]
    )
    if len(recent) >= per_minute:
        wait = (recent[-1] + timedelta(minutes=1) - timezone.now()).total_seconds()
        raise RateLimited(max(1, int(wait) + 1))


def answer(user: User, question: str, conversation: Conversation | None) -> Exchange:
    """Ask `question` in `conversation` (a new one when None) and store the exchange."""
    settings = sounding_settings()
    check_rate(user, settings.ask.rate_limit_per_minute)
    model_name, index = store.load(settings.ask.document_types)
    embedder = shared_model(settings)
    same_model(model_name, embedder.name)
    earlier = list(conversation.exchanges.order_by("-pk")[:HISTORY]) if conversation else []
    history = [Turn(e.question, e.answer) for e in reversed(earlier) if e.status == "answered"]
    use_llm = settings.ask.use_llm and settings.llm is not None
    with open_asker(settings, use_llm=use_llm, index=index, embedder=embedder) as asker:
        state = asker.ask(question, history)
    result = state.as_dict()
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(user=user, title=UNTITLED)
        # A question refused as too long is no title: the next one that is not gives it.
        if conversation.title == UNTITLED and state.status != Status.TOO_LONG:
            conversation.title = state.stored_question[:TITLE_CHARS] or UNTITLED
        exchange = Exchange.objects.create(
            conversation=conversation,
            question=state.stored_question,
            status=result["status"],
            answer=result["answer"],
            sources=result["sources"],
            steps=result["steps"],
        )
        conversation.save(update_fields=["title", "updated_at"])
    return exchange
