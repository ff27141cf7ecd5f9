"""Consult's whole LLM path over real HTTP, against a scripted OpenAI-compatible server.

The server reads each request's schema and data blocks and answers like a (very simple)
model, so the run goes through the real `openai` SDK, client, cache and log. It checks what
is sent, and counts calls against the budget of 12 per 1,000 responses, with and without
coding a sample, and against the `--dry-run` estimate.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from contextlib import contextmanager
from typing import Any

import pytest
from typer.testing import CliRunner

from sounding.cli.main import app
from sounding.config import Settings
from sounding.demo.consultation import QUESTIONS, write_demo
from sounding.llm import CallLog, LLMClient, LLMSettings
from sounding.llm.metered import DryRunModel, MeteredModel
from sounding.services import consult as service
from sounding.services.inputs import read_consultation
from test_llm_client import Reply, ScriptedServer

RESPONDENTS = 400
LARGE = 1500  # respondents of the "very large" consultation coded from a sample
BUDGET_PER_THOUSAND = 12


def data_block(content: str, name: str) -> Any:
    found = re.search(rf"<{name}>\n(.*)\n</{name}>", content, re.S)
    return json.loads(found.group(1)) if found else None


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 4}


def answer(body: dict[str, Any]) -> dict[str, Any]:
    """What a cooperative model would say, from the request alone."""
    schema = body["response_format"]["json_schema"]["name"]
    content = body["messages"][-1]["content"]
    if schema == "ThemeTexts":
        groups = data_block(content, "groups")
        return {
            "themes": [
                {"group": g, "label": " ".join(texts[0].split()[:10]), "description": "A point."}
                for g, texts in groups.items()
            ]
        }
    if schema == "ResponseCodings":
        themes, responses = data_block(content, "themes"), data_block(content, "responses")
        codings = []
        for alias, text in responses.items():
            overlap = {t: len(words(text) & words(label)) for t, label in themes.items()}
            best = max(overlap, key=lambda t: overlap[t], default=None)
            chosen = [best] if best is not None and overlap[best] >= 2 else []
            codings.append({"response": alias, "themes": chosen, "evidence_rich": False})
        return {"codings": codings}
    if schema == "ThemeSummaries":
        themes = data_block(content, "themes")
        return {
            "summaries": [
                {"theme": t, "majority": f"Most say {v['label']}.", "minority": ""}
                for t, v in themes.items()
            ]
        }
    if schema == "Verdicts":
        pairs = data_block(content, "pairs")
        if pairs is not None:
            return {"verdicts": [{"item": p, "same": False} for p in pairs]}
        return {"verdicts": [{"item": g, "same": True} for g in data_block(content, "groups")]}
    raise AssertionError(f"unexpected schema {schema}")


class ModelServer(ScriptedServer):
    """Answers every request from its content; records the purpose of each."""

    def _next(self, body: dict[str, Any]) -> Reply:
        super()._next(body)
        return Reply(content=json.dumps(answer(body)))


@pytest.fixture
def server():
    scripted = ModelServer()
    yield scripted
    scripted.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = write_demo(tmp_path_factory.mktemp("budget") / "demo.csv", respondents=RESPONDENTS)
    return path, read_consultation(path, question_texts=QUESTIONS)[0]


@pytest.fixture(scope="module")
def large_demo(tmp_path_factory):
    path = write_demo(tmp_path_factory.mktemp("large") / "demo.csv", respondents=LARGE)
    return path, read_consultation(path, question_texts=QUESTIONS)[0]


def llm_settings(server: ScriptedServer) -> LLMSettings:
    return LLMSettings(base_url=server.base_url, model="scripted-1", max_retries=0, timeout_s=10)


def schemas(server: ScriptedServer) -> Counter[str]:
    return Counter(r["response_format"]["json_schema"]["name"] for r in server.requests)


def run(settings: Settings, consultation, embedder, model):
    pipeline = service.build_pipeline(settings, embedder, model=model)
    return pipeline.run(consultation)


def test_new_stages_add_few_calls_per_question(server, demo, settings, word_embedder, tmp_path):
    _, consultation = demo
    settings.consult.llm_cross_question_similarity = 0.5  # word-hash vectors are cruder
    log = CallLog(tmp_path / "calls.sqlite")
    model = MeteredModel(LLMClient(llm_settings(server), log))
    analysis = run(settings, consultation, word_embedder, model)
    log.close()

    calls = len(server.requests)
    used = schemas(server)
    questions = len(consultation.questions)
    assert used["ThemeSummaries"] == questions  # every theme of a question in one call
    assert used["Verdicts"] <= questions + 1  # merges: one a question; links: one in all
    assert used["ThemeSummaries"] + used["Verdicts"] <= 2 * questions + 1
    assert model.usage.calls == calls

    themes = [t for q in analysis.questions for t in q.themes]
    assert themes and all(t.summary.startswith("Most say") for t in themes)
    # No stage noted a failure; only the demo's attempt to instruct a model, its answers
    # pointing to another ("See previous answer"), and (word-hash vectors being crude) more
    # clusters than `max_themes` keeps, are noted.
    notes = [n for q in analysis.questions for n in q.notes]
    expected = (
        "may try to instruct a language model",
        "to a letter or another answer",
        "largest were kept (the setting consult.max_themes)",
    )
    assert notes and all(any(e in n for e in expected) for n in notes), "\n".join(notes)
    assert analysis.links and all(link.confirmed for link in analysis.links)
    # Flagged responses never left the machine; personal data was redacted.
    sent = json.dumps(server.requests)
    assert "ignore previous instructions" not in sent.lower()
    assert "@example" not in sent

    # The dry run walks the same stages and estimates the same number of calls, give or take
    # the merges and links that the model's own labels would change.
    dry = DryRunModel(llm_settings(server))
    run(settings, consultation, word_embedder, dry)
    estimated = dry.usage.by_purpose
    assert estimated["consult.theme_writing"] == used["ThemeTexts"]
    # (Repeat calls for responses the model left uncoded cannot be foreseen.)
    assert estimated["consult.response_coding"] <= used["ResponseCodings"]
    assert abs(estimated["consult.theme_summary"] - used["ThemeSummaries"]) <= questions
    assert "consult.cross_question" in estimated
    assert abs(dry.usage.calls - calls) <= 2 * questions + 1
    print(f"\n{calls} calls for {len(consultation.responses)} responses: {dict(used)}")


def test_sample_coding_over_http_and_from_the_command_line(
    server, large_demo, word_embedder, monkeypatch, tmp_path
):
    path, consultation = large_demo

    @contextmanager
    def fake_embedder(settings, shared=False, engine=None):
        word_embedder.hits = word_embedder.misses = 0
        yield word_embedder

    monkeypatch.setattr(service, "open_embedder", fake_embedder)
    env = {
        "SOUNDING_HOME": str(tmp_path / "home"),
        "SOUNDING_LLM__BASE_URL": server.base_url,
        "SOUNDING_LLM__MODEL": "scripted-1",
        "SOUNDING_LLM__MAX_RETRIES": "0",
        "SOUNDING_CONSULT__LLM_BATCH_SIZE": "80",
    }
    out = tmp_path / "out"
    args = ["consult", "analyse", str(path), "--out", str(out), "--llm", "--llm-sample", "160"]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    assert "held-out responses they agree with F1" in result.output

    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["settings"]["consult"]["llm_sample_size"] == 160
    assert summary["settings"]["consult"]["llm_batch_size"] == 80  # env and flag both apply
    sampled = [q["coding"] for q in summary["questions"] if q["coding"]]
    assert len(sampled) == len(consultation.questions)
    for coding in sampled:
        assert 150 <= coding["coded_by_model"] <= 160  # a few the model left uncoded
        assert coding["held_out"] == round(0.2 * coding["coded_by_model"])
        assert coding["coded_by_classifier"] > 500
        assert 0 <= coding["agreement_f1"] <= 1
    calls = len(server.requests)
    assert calls / len(consultation.responses) * 1000 <= BUDGET_PER_THOUSAND, schemas(server)
    print(f"\n{calls} calls for {len(consultation.responses)} responses: {dict(schemas(server))}")
    print(sampled)
    assert (
        (out / "cross_question.csv")
        .read_text(encoding="utf-8-sig")
        .startswith("link_id,question,theme_id,label")
    )

    result = CliRunner().invoke(app, [*args[:-2], "--dry-run", "--llm-sample", "160"], env=env)
    assert result.exit_code == 0, result.output
    assert "Estimated LLM use" in result.output
    steps = " ".join(result.output.split())  # as the terminal wrapped it
    assert re.search(r"Calls by step: cross question 1, response coding \d+, ", steps)
    assert re.search(r"theme summary [34], theme writing 5\.", steps)


def test_llm_sample_needs_llm(tmp_path, demo):
    path, _ = demo
    result = CliRunner().invoke(
        app, ["consult", "analyse", str(path), "--out", str(tmp_path / "o"), "--llm-sample", "50"]
    )
    assert result.exit_code != 0
    assert "--llm-sample" in result.output
