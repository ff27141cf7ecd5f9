"""Starting an analysis in LLM mode from the web app, against a scripted OpenAI-compatible
server over real HTTP: the analyst ticks the box, the worker runs the job through the real
client, and the stored themes are the ones the model wrote."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.urls import reverse

from sounding.services import consult as service
from sounding.web.consultations.models import Consultation, Theme
from sounding.web.jobs import queue, worker
from sounding.web.jobs.models import Job
from test_llm_budget import answer as budget_answer
from test_llm_client import Reply, ScriptedServer

pytestmark = pytest.mark.django_db

MARK = "Model says:"


def _block(content: str, name: str) -> Any:
    found = re.search(rf"<{name}>\n(.*)\n</{name}>", content, re.S)
    return json.loads(found.group(1)) if found else {}


def _whole_question(content: str) -> dict[str, Any]:
    """The one-call answer for a small question: each group named after its first response
    and coded with its own members; the ungrouped responses left unthemed."""
    groups, ungrouped = _block(content, "groups"), _block(content, "ungrouped")
    themes = []
    for group, given in groups.items():
        first = next(iter(given["responses"].values()))
        themes.append(
            {
                "group": group,
                "label": f"{MARK} {' '.join(first.split()[:8])}",
                "description": "A point the model found.",
                "majority": "Most say so.",
                "minority": "",
                "responses": list(given["responses"]),
            }
        )
    return {"themes": themes, "unthemed": list(ungrouped), "evidence_rich": []}


class WebModelServer(ScriptedServer):
    """Answers like a cooperative model; every theme label it writes starts with MARK."""

    def _next(self, body: dict[str, Any]) -> Reply:
        super()._next(body)
        schema = body["response_format"]["json_schema"]["name"]
        content = body["messages"][-1]["content"]
        if schema == "QuestionThemes":
            return Reply(content=json.dumps(_whole_question(content)))
        reply = budget_answer(body)
        if schema == "ThemeTexts":
            for theme in reply["themes"]:
                theme["label"] = f"{MARK} {theme['label']}"
        return Reply(content=json.dumps(reply))


@pytest.fixture
def model_server(monkeypatch: pytest.MonkeyPatch, word_embedder) -> Iterator[WebModelServer]:  # type: ignore[no-untyped-def]
    """The server, configured as the web app's language model; the fast word-hash embedder."""
    server = WebModelServer()

    @contextmanager
    def fast_embedder(config: Any, shared: bool = False, engine: Any = None) -> Iterator[Any]:
        word_embedder.hits = word_embedder.misses = 0
        yield word_embedder

    monkeypatch.setattr(service, "open_embedder", fast_embedder)
    monkeypatch.setenv("SOUNDING_LLM__BASE_URL", server.base_url)
    monkeypatch.setenv("SOUNDING_LLM__MODEL", "scripted-1")
    monkeypatch.setenv("SOUNDING_LLM__MAX_RETRIES", "0")
    yield server
    server.close()


@pytest.mark.parametrize(
    ("one_call_limit", "schemas"),
    [
        ("100", {"QuestionThemes"}),  # small questions: named and coded in one call each
        ("0", {"ThemeTexts", "ResponseCodings", "ThemeSummaries"}),  # the batched stages
    ],
)
def test_an_llm_analysis_started_from_the_page(
    people,
    uploaded: Consultation,
    model_server: WebModelServer,
    monkeypatch: pytest.MonkeyPatch,
    one_call_limit: str,
    schemas: set[str],  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setenv("SOUNDING_CONSULT__LLM_ONE_CALL_LIMIT", one_call_limit)
    client = people.client("analyst")
    url = reverse("consultations:columns", kwargs={"pk": uploaded.pk})
    page = client.get(url)
    form = page.context["form"]
    assert "use_llm" in form.fields  # offered because a model is configured
    roles = {f"role_{i}": form.fields[f"role_{i}"].initial for i in range(len(form.column_names))}
    assert client.post(url, {**roles, "use_llm": "on"}).status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.use_llm

    assert worker.run_next("llm-worker") is not None
    job = queue.jobs_of(uploaded).get()
    assert job.state == "done", job.error
    uploaded.refresh_from_db()
    assert uploaded.state == "ready"

    used = {r["response_format"]["json_schema"]["name"] for r in model_server.requests}
    assert schemas <= used, used
    themes = Theme.objects.filter(question__consultation=uploaded)
    assert themes.exists()
    assert all(t.label.startswith(MARK) for t in themes), [t.label for t in themes]
    assert any(t.extra.get("summary") for t in themes)  # the model's summaries are kept
    usage = uploaded.analysis_meta["settings"]["llm_usage"]
    assert usage["calls"] == len(model_server.requests)
    # Personal data and injected instructions never reached the model.
    sent = json.dumps(model_server.requests)
    assert "@example" not in sent and "ignore previous instructions" not in sent.lower()


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the worker catches it."""


def test_an_llm_job_resumed_after_a_crash_asks_nothing_twice(
    uploaded: Consultation,
    model_server: WebModelServer,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """The questions finished before the crash are not sent again, and the usage reported
    at the end counts the calls of both attempts."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    from sounding.web.consultations.background.analysis import ANALYSE
    from sounding.web.consultations.background.analysis_checkpoints import AnalysisCheckpoints
    from sounding.web.jobs import queue

    save = AnalysisCheckpoints.save

    def save_then_die(self: AnalysisCheckpoints, result: Any) -> None:
        save(self, result)
        raise WorkerKilled

    uploaded.use_llm = True
    uploaded.save()
    job = queue.enqueue(ANALYSE, uploaded)
    monkeypatch.setattr(AnalysisCheckpoints, "save", save_then_die)
    with pytest.raises(WorkerKilled):
        worker.run_next("dies")
    before = len(model_server.requests)
    assert before > 0
    monkeypatch.setattr(AnalysisCheckpoints, "save", save)
    old = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat=old)
    worker.run_next("resumes")
    job.refresh_from_db()
    assert job.state == "done", job.error
    uploaded.refresh_from_db()
    asked = [_question_asked(r) for r in model_server.requests]
    first, second = set(asked[:before]) - {None}, set(asked[before:]) - {None}
    assert first and second and not first & second  # no question was sent twice
    assert len(first | second) == uploaded.questions.count()
    assert uploaded.analysis_meta["settings"]["llm_usage"]["calls"] == len(asked)
    assert uploaded.analysis_meta["timings"]["resumed_questions"] == 1


def _question_asked(request: dict[str, Any]) -> str | None:
    """The question a one-call request is about (None for other requests)."""
    if request["response_format"]["json_schema"]["name"] != "QuestionThemes":
        return None
    found = re.search(r"Consultation question: (.*)", request["messages"][-1]["content"])
    return found.group(1) if found else None
