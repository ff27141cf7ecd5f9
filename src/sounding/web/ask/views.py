"""The Ask page: a conversation with sources under each answer, earlier conversations, and
feedback on each answer. Conversations are their owner's alone (404 for anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sounding.errors import SoundingError
from sounding.web.ask.answering import RateLimited, answer
from sounding.web.ask.forms import FeedbackForm, QuestionForm
from sounding.web.ask.models import Conversation, Exchange, Feedback, GuidancePassage
from sounding.web.consultations.access import signed_in_user
from sounding.web.converters import as_id

RECENT_CONVERSATIONS = 20


def _conversation(request: HttpRequest, pk: object) -> Conversation | None:
    """The user's conversation named by a query string or form (404 if not theirs)."""
    if pk in (None, ""):
        return None
    number = as_id(pk)
    if number is None:
        raise Http404("No such conversation.")
    return get_object_or_404(Conversation, pk=number, user=signed_in_user(request))


def _page(
    request: HttpRequest,
    conversation: Conversation | None,
    form: QuestionForm,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    exchanges = list(conversation.exchanges.select_related("feedback")) if conversation else []
    context = {
        "conversation": conversation,
        "exchanges": exchanges,
        "conversations": Conversation.objects.filter(user=user)[:RECENT_CONVERSATIONS],
        "form": form,
        "error": error,
        "indexed": GuidancePassage.objects.exists(),
    }
    return render(request, "ask/page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def ask_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        conversation = _conversation(request, request.GET.get("c"))
        initial = {"conversation": conversation.pk if conversation else None}
        return _page(request, conversation, QuestionForm(initial=initial))
    form = QuestionForm(request.POST)
    conversation = _conversation(request, request.POST.get("conversation"))
    if not form.is_valid():
        return _page(request, conversation, form, status=422)
    try:
        exchange = answer(signed_in_user(request), form.cleaned_data["question"], conversation)
    except RateLimited as limited:
        wait = limited.retry_after
        error = f"You have asked a lot of questions in a short time. Try again in {wait} seconds."
        response = _page(request, conversation, form, error, status=429)
        response["Retry-After"] = str(limited.retry_after)
        return response
    except SoundingError as problem:
        return _page(request, conversation, form, problem.message, status=503)
    url = reverse("ask:page") + f"?c={exchange.conversation_id}#exchange-{exchange.pk}"
    return redirect(url)


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    exchange = get_object_or_404(Exchange, pk=pk, conversation__user=signed_in_user(request))
    form = FeedbackForm(request.POST)
    if form.is_valid():
        Feedback.objects.update_or_create(
            exchange=exchange, defaults={"useful": form.cleaned_data["useful"]}
        )
    url = reverse("ask:page") + f"?c={exchange.conversation_id}#exchange-{exchange.pk}"
    return redirect(url)
