"""`POST /api/ask`: the Ask pipeline for a signed-in user, with the page's rules (a
conversation is its owner's alone; the same per-user rate limit, answered 429)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Field, Router, Schema, Status

from sounding.errors import SoundingError
from sounding.web.ask.answering import RateLimited, answer
from sounding.web.ask.forms import MAX_FORM_CHARS
from sounding.web.ask.models import Conversation
from sounding.web.consultations.access import signed_in_user
from sounding.web.consultations.api.base import Problem

router = Router(tags=["ask"])


class AskIn(Schema):
    question: str = Field(min_length=1, max_length=MAX_FORM_CHARS)
    conversation: int | None = Field(None, ge=1, le=2**31 - 1)


class SourceOut(Schema):
    url: str
    title: str
    heading: str


class StepOut(Schema):
    name: str
    outcome: str
    detail: str
    ms: float


class AskOut(Schema):
    status: str
    answer: str
    sources: list[SourceOut]
    steps: list[StepOut]
    conversation: int
    exchange: int


@router.post(
    "/ask", response={200: AskOut, 404: Problem, 429: Problem, 503: Problem}, url_name="ask"
)
def ask(request: HttpRequest, body: AskIn) -> Any:
    user = signed_in_user(request)
    conversation = None
    if body.conversation is not None:
        conversation = Conversation.objects.filter(pk=body.conversation, user=user).first()
        if conversation is None:
            return Status(404, Problem(detail="No such conversation."))
    try:
        exchange = answer(user, body.question, conversation)
    except RateLimited as limited:
        detail = f"Too many questions: try again in {limited.retry_after} seconds."
        response = JsonResponse({"detail": detail}, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    except SoundingError as problem:
        return Status(503, Problem(detail=problem.message))
    return AskOut(
        status=exchange.status,
        answer=exchange.answer,
        sources=exchange.sources,
        steps=exchange.steps,
        conversation=exchange.conversation_id,
        exchange=exchange.pk,
    )
