"""Evaluate's Inspect tasks and Sounding's system provider, offline.

Every task runs with Inspect's `mockllm/model` and with `sounding/system` (machinery, not
scores); scorers are checked with scripted models that answer right and wrong; the system's
redaction is checked on what it sends to a wrapped model. Embeddings come from a bag-of-words
embedder registered as a package would register one, so no model is loaded.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from inspect_ai import eval as inspect_eval
from inspect_ai.log import EvalLog
from inspect_ai.model import ChatMessage, GenerateConfig, Model, ModelOutput, get_model

from sounding.evaluate import offline, protocol
from sounding.evaluate.datasets.ask import grounding_questions, guidance_items, screened_questions
from sounding.evaluate.datasets.assist import document_questions, personal_data_cases
from sounding.evaluate.datasets.consult import coded_questions, demo_questions
from sounding.evaluate.datasets.injection import seeded_questions
from sounding.evaluate.offline import allow_offline_token_counts
from sounding.evaluate.scorers.ask import lexical_support
from sounding.evaluate.scorers.pii import found_in
from sounding.evaluate.settings import evaluation_settings
from sounding.evaluate.tasks import TASKS
from sounding.privacy.redact import redact

#: Inspect's own retry helper warns about its tenacity arguments: not ours to fix.
pytestmark = pytest.mark.filterwarnings(
    "ignore:The 'initial' parameter is deprecated:DeprecationWarning"
)

ARGS = {"source": "demo", "guidance": "shipped", "responses": 12, "benign": 4}
WORDHASH = """
import hashlib, re
import numpy as np

class WordHash:
    def __init__(self, name):
        self.name = name
    def embed(self, texts, progress=None):
        out = np.zeros((len(texts), 128), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 128] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

def factory(model, *, batch_size, precision):
    return WordHash(model)
"""


def install_wordhash(site: Path) -> None:
    """A one-module package registering the "wordhash" embedder family (entry point)."""
    info = site / "evaluate_wordhash-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (site / "evaluate_wordhash.py").write_text(WORDHASH)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: evaluate-wordhash\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        "[sounding.embedders]\nwordhash = evaluate_wordhash:factory\n"
    )


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """SOUNDING_HOME in a temporary folder and the bag-of-words embedder, for the module."""
    root = tmp_path_factory.mktemp("evaluate")
    install_wordhash(root / "site")
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(root / "site"))
        patch.setenv("SOUNDING_HOME", str(root / "home"))
        patch.setenv("SOUNDING_EMBEDDING_MODEL", "wordhash:test")
        patch.setenv("PYTHONPATH", str(root / "site"))
        allow_offline_token_counts()
        yield root


@pytest.fixture
def env(offline_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # conftest's autouse fixture clears these for each test: set them again.
    monkeypatch.setenv("SOUNDING_HOME", str(offline_env / "home"))
    monkeypatch.setenv("SOUNDING_EMBEDDING_MODEL", "wordhash:test")
    return offline_env


def run(
    task: str,
    model: str | Model,
    root: Path,
    limit: int | None = 2,
    model_args: dict[str, Any] | None = None,
    task_args: dict[str, Any] | None = None,
) -> EvalLog:
    [log] = inspect_eval(
        f"sounding/{task}",
        model=model,
        task_args={**ARGS, **(task_args or {})},
        model_args=model_args or {},
        limit=limit,
        log_dir=str(root / "logs"),
        display="none",
    )
    assert log.status == "success", log.error
    return log


def values(log: EvalLog, key: str | None = None) -> list[float]:
    found = []
    for sample in log.samples or []:
        [score] = sample.scores.values()
        value = score.value[key] if isinstance(score.value, dict) else score.value
        found.append(float(value))
    return found


def scripted(answer: Any) -> Model:
    """A mockllm model whose answer is `answer(texts of the prompt)`."""

    def output(messages: list[ChatMessage], *_: Any) -> ModelOutput:
        return ModelOutput.from_content("mockllm/model", answer([m.text for m in messages]))

    return get_model("mockllm/model", custom_outputs=output, config=GenerateConfig())


# -- every task, both ways ------------------------------------------------------------------


@pytest.mark.parametrize("task", TASKS)
def test_every_task_runs_with_mockllm(task: str, env: Path) -> None:
    log = run(task, "mockllm/model", env)
    assert len(log.samples or []) == 2
    assert log.results is not None and log.results.scores
    assert all(sample.scores for sample in log.samples or [])
    assert (log.eval.metadata or {})["prompt_version"].startswith("evaluate-")


@pytest.mark.parametrize("task", TASKS)
def test_every_task_runs_with_the_system_offline(task: str, env: Path) -> None:
    log = run(task, "sounding/system", env)
    for sample in log.samples or []:
        record = (sample.output.metadata or {})["sounding"]
        assert record["run"] == "offline (no model)"
        assert record["sent"] == [] and record["model_calls"] == 0


def test_inspect_eval_finds_the_tasks_through_the_entry_point(env: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("inspect")),
            "eval",
            "sounding/ask_jailbreak",
            "--model",
            "mockllm/model",
            "--limit",
            "2",
            "--log-dir",
            str(env / "cli-logs"),
            "--display",
            "none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert list((env / "cli-logs").glob("*.eval"))


# -- scorers --------------------------------------------------------------------------------


def test_mapping_scores_one_for_the_gold_coding_and_zero_for_none(env: Path) -> None:
    gold = {q.text: q.gold for q in demo_questions(ARGS["responses"])}

    def right(texts: list[str]) -> str:
        return json.dumps({"assignments": gold[protocol.payload_of(texts)["question"]]})

    assert values(run("consult_mapping", scripted(right), env, limit=None)) == [1.0] * 3
    assert values(run("consult_mapping", scripted(lambda _: "{}"), env, limit=1)) == [0.0]


def test_discovery_matches_renamed_themes_to_gold(env: Path) -> None:
    gold = {q.text: q.gold for q in demo_questions(ARGS["responses"])}

    def renamed(texts: list[str]) -> str:
        coding = gold[protocol.payload_of(texts)["question"]]
        names = {
            t: f"T{i}" for i, t in enumerate(sorted({t for ts in coding.values() for t in ts}))
        }
        return json.dumps(
            {
                "themes": [{"id": n, "label": n} for n in names.values()],
                "assignments": {r: [names[t] for t in ts] for r, ts in coding.items()},
            }
        )

    log = run("consult_discovery", scripted(renamed), env, limit=1)
    assert values(log, "f1") == [1.0]
    assert values(log, "theme_recall") == [1.0]


def test_the_system_flags_every_attempt_and_keeps_other_codings(env: Path) -> None:
    log = run("consult_injection", "sounding/system", env, limit=None)
    assert values(log, "flag_recall") == [1.0] * 3
    assert values(log, "false_flags") == [0.0] * 3
    assert all(v >= 0.5 for v in values(log, "unchanged"))


def test_an_obedient_model_fails_injection(env: Path) -> None:
    def obey(texts: list[str]) -> str:
        payload = protocol.payload_of(texts)
        target = payload["themes"][0]["id"]
        return json.dumps({"assignments": {r["id"]: [target] for r in payload["responses"]}})

    log = run("consult_injection", scripted(obey), env, limit=1)
    assert values(log, "flag_recall") == [0.0]
    assert values(log, "unchanged") == [1.0]  # the same (wrong) coding both times


def test_guardrail_labels_give_precision_and_recall_per_category(env: Path) -> None:
    category = {q.question: q.category for q in screened_questions(ARGS["benign"])}

    def right(texts: list[str]) -> str:
        return json.dumps({"label": category[texts[-1]]})

    log = run("ask_jailbreak", scripted(right), env, limit=None)
    assert log.results is not None
    metrics = {k: m.value for s in log.results.scores for k, m in s.metrics.items()}
    assert metrics["accuracy"] == 1.0
    for name in ("jailbreak", "prompt_injection", "harmful", "political"):
        assert metrics[f"{name}_precision"] == metrics[f"{name}_recall"] == 1.0
    assert metrics["benign_blocked"] == 0.0


def test_grounding_scores_a_cited_quote_and_a_refusal(env: Path) -> None:
    kinds = {q.question: q for q in grounding_questions("shipped")}

    def answer(texts: list[str]) -> str:
        question = kinds[texts[-1]]
        if question.kind != "in_scope":
            return json.dumps({"answer": "The guidance does not cover that.", "refused": True})
        passages = protocol.payload_of(texts)["passages"]
        best = next((p for p in passages if question.evidence in p["text"]), passages[0])
        return json.dumps({"answer": best["text"], "sources": [best["token"]], "refused": False})

    log = run("ask_grounding", scripted(answer), env, limit=None)
    assert log.results is not None
    means = {s.name: s.metrics["mean"].value for s in log.results.scores}
    assert means["answered"] == 1.0 and means["refusal"] == 1.0
    assert means["supported"] == 1.0
    assert means["source"] >= 0.5  # the bag-of-words retrieval does not always offer the page


def test_grounding_asks_the_judge_when_one_is_named(env: Path) -> None:
    def cite_first(texts: list[str]) -> str:
        first = protocol.payload_of(texts)["passages"][0]
        return json.dumps({"answer": first["text"], "sources": [first["token"]]})

    judged = {"judge": "mockllm/model"}  # its stock reply is no verdict: unsupported
    log = run("ask_grounding", scripted(cite_first), env, limit=3, task_args=judged)
    in_scope = [s for s in log.samples or [] if s.metadata["kind"] == "in_scope"]
    assert in_scope
    for sample in in_scope:
        [score] = sample.scores.values()
        assert score.metadata == {"support_check": "judge"}
        assert isinstance(score.value, dict) and score.value["supported"] == 0.0


def test_lexical_support_checks_each_sentence_against_the_cited_passages() -> None:
    passage = "Hold a fire drill at least once a year and keep a record of the date."
    assert lexical_support("GOV.UK guidance says:\nHold a fire drill once a year.", [passage]) == 1
    invented = "Hold a fire drill once a year. Inspectors fine shops five thousand pounds."
    assert lexical_support(invented, [passage]) == 0.5
    assert lexical_support("Yes.", []) == 1.0


def test_citations_hold_only_when_the_page_has_the_quote(env: Path) -> None:
    pages = {q.question: (q.page, q.document["pages"]) for q in document_questions()}

    def quote(texts: list[str], honest: bool) -> str:
        page, document = pages[protocol.payload_of(texts)["question"]]
        line = next(p["text"] for p in document if p["page"] == page).splitlines()[1]
        said = line if honest else line + " This is not in the document."
        return json.dumps({"answer": said, "citations": [{"page": page, "quote": said}]})

    honest = run("assist_citations", scripted(lambda t: quote(t, True)), env, limit=3)
    assert values(honest, "quotes_hold") == [1.0] * 3
    assert values(honest, "right_page") == [1.0] * 3
    invented = run("assist_citations", scripted(lambda t: quote(t, False)), env, limit=3)
    assert values(invented, "quotes_hold") == [0.0] * 3


def test_a_raw_model_is_sent_the_personal_data_and_an_echo_leaks_it(env: Path) -> None:
    log = run("pii_leakage", scripted(lambda texts: texts[-1]), env, limit=None)
    assert values(log, "sent_clean") == [0.0] * len(personal_data_cases())
    assert values(log, "output_clean") == [0.0] * len(personal_data_cases())


def test_the_system_sends_no_personal_data_to_the_model_it_wraps(env: Path) -> None:
    log = run(
        "pii_leakage", "sounding/system", env, limit=None, model_args={"wrap": "mockllm/model"}
    )
    records = {}
    for sample in log.samples or []:
        record = (sample.output.metadata or {})["sounding"]
        records[sample.metadata["kind"]] = record
        # Every value Consult's redaction recognises is kept from the model; a street
        # address is not one (a documented limit of sounding.privacy.redact).
        recognised = [v for v in sample.metadata["pii"] if redact(v, names=None).redacted]
        assert not found_in(recognised, record["sent"]), sample.id
    # Ask refuses a question holding personal data before any model call; Consult and
    # Assist called the model (with redacted text), and fell back when it answered nonsense.
    assert records["question"]["model_calls"] == 0
    assert records["question"]["status"] == "refused_pii"
    assert records["responses"]["model_calls"] > 0
    assert records["document"]["model_calls"] > 0
    # The answers reach the model without their contact details (Consult reads them so
    # before anything is embedded or sent), their points intact.
    sent = " ".join(records["responses"]["sent"])
    assert "Tradespeople working on a house need to park their vans close by" in sent
    assert "020 7946 0321" not in sent and "@example" not in sent


def test_a_single_capability_provider_leaves_other_samples_unscored(env: Path) -> None:
    log = run("pii_leakage", "sounding/consult", env, limit=None)
    kinds = {s.metadata["kind"]: s for s in log.samples or []}
    [score] = kinds["question"].scores.values()
    assert isinstance(score.value, dict) and math.isnan(float(score.value["output_clean"]))
    [score] = kinds["responses"].scores.values()
    assert isinstance(score.value, dict) and not math.isnan(float(score.value["output_clean"]))


def test_a_chat_with_no_task_header_is_answered_by_ask(env: Path) -> None:
    model = get_model("sounding/ask", memoize=False)
    output = asyncio.run(model.generate("How often should my shop hold a fire drill?"))
    record = (output.metadata or {})["sounding"]
    assert record["task"] is None and record["capability"] == "ask"
    assert record["status"] in ("answered", "no_guidance")
    if record["status"] == "answered":
        assert "Sources:" in output.completion
    consult = get_model("sounding/consult", memoize=False)
    said = asyncio.run(consult.generate("Hello")).completion
    assert "has none" in said


def test_an_unknown_sounding_provider_is_named() -> None:
    with pytest.raises(ValueError, match="sounding/system"):
        get_model("sounding/everything", memoize=False)


# -- data and plumbing ----------------------------------------------------------------------


def test_shipped_guidance_answers_its_in_scope_questions() -> None:
    text = json.dumps(guidance_items("shipped", evaluation_settings()))
    questions = grounding_questions("shipped")
    assert {q.kind for q in questions} == {"in_scope", "out_of_scope"}
    for question in questions:
        if question.kind == "in_scope":
            assert json.dumps(question.evidence)[1:-1] in text, question.id
            assert all(f'"base_path": "{p}"' in text for p in question.pages)


def test_jailbreak_set_has_every_category_and_genuine_questions() -> None:
    found = screened_questions(10)
    counts = {c: sum(q.category == c for q in found) for c in {q.category for q in found}}
    assert set(counts) == {"genuine", "jailbreak", "prompt_injection", "harmful", "political"}
    assert min(counts.values()) >= 10


def test_seeded_questions_keep_clean_ids_and_hide_one_attempt() -> None:
    for seeded in seeded_questions(10):
        clean_ids = {r["id"] for r in seeded.clean.responses}
        assert clean_ids | set(seeded.attempts) == {r["id"] for r in seeded.responses}
        texts = {r["id"]: r["text"] for r in seeded.responses}
        assert any(any(ord(c) >= 0xE0000 for c in texts[a]) for a in seeded.attempts)


def test_demo_source_works_without_shared_data(tmp_path: Path) -> None:
    settings = evaluation_settings().model_copy(update={"data_dir": tmp_path})
    questions = coded_questions("auto", 8, settings)
    assert [q.source for q in questions] == ["demo"] * 3
    with pytest.raises(FileNotFoundError, match="shared data"):
        coded_questions("argkp", 8, settings)


def test_argkp_source_reads_the_shared_data_when_present() -> None:
    try:
        questions = coded_questions("argkp", 6, evaluation_settings())
    except FileNotFoundError:
        pytest.skip("ArgKP is not in the shared data folder here")
    assert len(questions) == 4
    assert all(r.get("stance") in ("agree", "disagree") for q in questions for r in q.responses)


def test_protocol_reads_headers_payloads_and_lenient_answers() -> None:
    texts = ['Sounding evaluation task: ask_grounding (prompts evaluate-1)\n```json\n{"a": 1}\n```']
    assert protocol.task_of(texts) == "ask_grounding"
    assert protocol.payload_of(texts) == {"a": 1}
    assert protocol.task_of(["hello"]) is None and protocol.payload_of(["hello"]) == {}
    assert protocol.parse_answer('Sure! ```json\n{"label": "harmful"}\n```') == {"label": "harmful"}
    assert protocol.parse_answer("no json here") is None


def test_token_counts_fall_back_to_an_estimate_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(offline, "encoding_available", lambda: False)
    counter = offline.offline_counter(lambda text: 10**6)
    assert counter("x" * 40) == 10


def test_the_guidance_index_reuses_the_vectors_of_asks_own_index(tmp_path: Path, word_embedder):
    """`sounding ask index` has embedded these pages already: Evaluate's copy embeds none."""
    from sounding.ask.govuk import ingest
    from sounding.config import Settings
    from sounding.evaluate.datasets.ask import guidance_index
    from sounding.retrieval.store import PassageStore
    from sounding.services.ask import embed_passages, index_path

    settings = Settings(home=tmp_path / "home", show_progress=False)
    items = guidance_items("shipped", settings)
    passages = ingest(items, settings.ask.document_types, settings.ask.base_url).passages
    embed = embed_passages(word_embedder, None)
    PassageStore(index_path(settings)).write(passages, word_embedder.name, embed)
    embedded = sum(word_embedder.calls)
    index = guidance_index("shipped", settings, word_embedder)
    assert len(index) == len(passages) and sum(word_embedder.calls) == embedded
