"""Ask in the web app: the index in the database (re-indexed without embedding again), the
page (a conversation, sources, feedback, history), privacy between users, personal data
never stored, the per-user rate limit, and POST /api/ask."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from ask_content import guidance_items
from sounding.config import Settings
from sounding.services.ask import index_guidance
from sounding.web.ask import store
from sounding.web.ask.models import Conversation, Exchange, Feedback, GuidancePassage

QUESTION = "Must a shop record who took part in a fire drill?"
DRILLS = "https://www.gov.uk/shop-fire-drills#how-often-to-practise"


@pytest.fixture
def guidance(db: None, tmp_path: Path) -> Path:
    source = tmp_path / "items.json"
    source.write_text(json.dumps(guidance_items()))
    settings = Settings(home=django_settings.SOUNDING_HOME, show_progress=False)
    outcome = index_guidance(source, settings, write=store.write)
    assert outcome.report.embedded == outcome.report.passages == GuidancePassage.objects.count()
    return source


def ask(client: Client, question: str, conversation: int | None = None):  # type: ignore[no-untyped-def]
    data = {"question": question, "conversation": conversation or ""}
    return client.post("/ask/", data)


def test_reindexing_the_database_embeds_nothing_new(guidance: Path) -> None:
    settings = Settings(home=django_settings.SOUNDING_HOME, show_progress=False)
    again = index_guidance(guidance, settings, write=store.write)
    assert again.report.embedded == 0 and again.report.reused == again.report.passages
    model, index = store.load(settings.ask.document_types)
    assert model.startswith("builtin:") and len(index) == again.report.passages


def test_the_page_needs_sign_in(db: None) -> None:
    response = Client().get("/ask/")
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_a_conversation_with_sources_feedback_and_history(guidance: Path, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    page = client.get("/ask/")
    assert page.status_code == 200 and b"None yet." in page.content
    asked = ask(client, QUESTION)
    assert asked.status_code == 302
    exchange = Exchange.objects.get()
    assert asked["Location"].endswith(f"?c={exchange.conversation_id}#exchange-{exchange.pk}")
    assert exchange.status == "answered" and exchange.sources[0]["url"] == DRILLS
    shown = client.get(asked["Location"]).content.decode()
    assert QUESTION in shown and f'href="{DRILLS}"' in shown and "Was this answer useful?" in shown
    # A follow-up in the same conversation.
    ask(client, "and how often?", exchange.conversation_id)
    assert Conversation.objects.count() == 1 and Exchange.objects.count() == 2
    # Feedback, changed later: one verdict per answer.
    client.post(f"/ask/answers/{exchange.pk}/feedback/", {"useful": "yes"})
    client.post(f"/ask/answers/{exchange.pk}/feedback/", {"useful": "no"})
    assert list(Feedback.objects.values_list("useful", flat=True)) == [False]
    # A new conversation starts from the page without ?c=.
    ask(client, "How often must a shop hold a fire drill?")
    assert Conversation.objects.filter(user=people.viewer).count() == 2


def test_conversations_are_private(guidance: Path, people) -> None:  # type: ignore[no-untyped-def]
    ask(people.client("viewer"), QUESTION)
    exchange = Exchange.objects.get()
    other = people.client("analyst")
    assert other.get(f"/ask/?c={exchange.conversation_id}").status_code == 404
    assert ask(other, "more?", exchange.conversation_id).status_code == 404
    feedback = other.post(f"/ask/answers/{exchange.pk}/feedback/", {"useful": "yes"})
    assert feedback.status_code == 404 and not Feedback.objects.exists()
    assert QUESTION not in other.get("/ask/").content.decode()
    assert other.get("/ask/?c=99999999999999999999").status_code == 404


def test_personal_data_is_refused_and_stored_redacted(guidance: Path, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    ask(client, "I'm jo@example.com and my NI is QQ123456C: fire drills?")
    exchange = Exchange.objects.get()
    assert exchange.status == "refused_pii" and exchange.sources == []
    stored = json.dumps([exchange.question, exchange.answer, exchange.steps])
    assert "jo@example.com" not in stored and "QQ123456C" not in stored
    assert "jo@example.com" not in Conversation.objects.get().title


def test_a_fixed_reply_links_to_govuk_search(guidance: Path, people) -> None:  # type: ignore[no-untyped-def]
    """Sounding's own replies link the GOV.UK address they give; nothing else is linked."""
    client = people.client("viewer")
    ask(client, "How do I register a trade mark for <b>my</b> logo?")
    exchange = Exchange.objects.get()
    assert exchange.status != "answered" and "https://www.gov.uk/search" in exchange.answer
    page = client.get(f"/ask/?c={exchange.conversation_id}").content.decode()
    link = '<a class="govuk-link" href="https://www.gov.uk/search">https://www.gov.uk/search</a>.'
    assert link in page and "<b>my</b>" not in page


def test_questions_are_rate_limited_per_user(guidance: Path, people, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SOUNDING_ASK__RATE_LIMIT_PER_MINUTE", "2")
    client = people.client("viewer")
    assert ask(client, QUESTION).status_code == 302
    assert ask(client, QUESTION).status_code == 302
    limited = ask(client, QUESTION)
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert b"Try again in" in limited.content
    assert ask(people.client("analyst"), QUESTION).status_code == 302  # per user


def test_without_an_index_the_page_says_so(db: None, people) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    assert b"There is no guidance to answer from yet" in client.get("/ask/").content
    failed = ask(client, QUESTION)
    assert failed.status_code == 503 and not Exchange.objects.exists()


def test_the_server_loads_the_index_before_the_first_question(guidance: Path) -> None:
    """`sounding serve` warms up in a thread: the index is read and its spelling words
    made, and nothing is stored, so the first question does not wait for them."""
    from sounding.web.entry import warm_up

    store._LOADED.clear()
    warm_up()
    [(_, index)] = store._LOADED.values()
    assert "words" in vars(index)  # the spelling vocabulary, made on a first question
    assert not Exchange.objects.exists() and not Conversation.objects.exists()


def test_warming_up_without_an_index_is_no_error(db: None) -> None:
    from sounding.web.entry import warm_up

    store._LOADED.clear()
    warm_up()
    assert not store._LOADED


def test_an_empty_question_is_a_form_error(guidance: Path, people) -> None:  # type: ignore[no-untyped-def]
    response = ask(people.client("viewer"), "  ")
    assert response.status_code == 422 and b"Enter a question" in response.content


def test_the_box_holds_what_ask_accepts_and_a_refusal_is_no_title(
    guidance: Path,
    people,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOUNDING_ASK__MAX_QUESTION_CHARS", "120")
    client = people.client("viewer")
    page = client.get("/ask/").content.decode()
    assert 'maxlength="120"' in page and "You can enter up to 120 characters" in page
    assert 'data-module="govuk-character-count" data-maxlength="120"' in page
    too_long = "Must a shop record fire drills? " * 5
    asked = ask(client, too_long)
    assert Exchange.objects.get().status == "too_long"
    conversation = Conversation.objects.get()
    assert conversation.title == "Question"
    shown = client.get(asked["Location"]).content.decode()
    assert too_long[:80] not in shown.split("Your conversations")[1]
    # The next question that is not refused names the conversation.
    ask(client, QUESTION, conversation.pk)
    conversation.refresh_from_db()
    assert conversation.title == QUESTION


def test_the_api_answers_with_sources_and_the_same_rules(
    guidance: Path, people, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    client = people.client("viewer")
    first = client.post("/api/ask", {"question": QUESTION}, content_type="application/json")
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["status"] == "answered" and body["sources"][0]["url"] == DRILLS
    assert {s["name"] for s in body["steps"]} >= {"input_checks", "retrieve", "compose"}
    follow = client.post(
        "/api/ask",
        {"question": "and records?", "conversation": body["conversation"]},
        content_type="application/json",
    )
    assert follow.json()["conversation"] == body["conversation"]
    other = people.client("analyst").post(
        "/api/ask",
        {"question": "hi", "conversation": body["conversation"]},
        content_type="application/json",
    )
    assert other.status_code == 404
    assert (
        Client().post("/api/ask", {"question": "x"}, content_type="application/json").status_code
        == 401
    )
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.viewer)
    assert (
        strict.post("/api/ask", {"question": "x"}, content_type="application/json").status_code
        == 403
    )
    monkeypatch.setenv("SOUNDING_ASK__RATE_LIMIT_PER_MINUTE", "2")
    limited = client.post("/api/ask", {"question": QUESTION}, content_type="application/json")
    assert limited.status_code == 429 and limited["Retry-After"]
