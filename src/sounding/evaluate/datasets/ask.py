"""Guidance, its index and questions for Ask's tasks.

"shipped" is a small set of GOV.UK-shaped pages and questions written for Evaluate
(`data/guidance.json`, `data/ask_questions.jsonl`; invented, not real guidance), so the
tasks run from a clean install. "govuk" is the 157 GOV.UK pages in the shared data folder
(Open Government Licence v3.0, read by path) with Ask's own question set
(`sounding.datasets.ask_questions`); "auto" picks govuk where the pages are there.

The index is Ask's own (passages, vectors, hybrid search), kept under SOUNDING_HOME so a
second run embeds nothing, and built once per process: the tasks and the system provider
share it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sounding.config import Settings
from sounding.datasets.ask_questions import GOVUK_PAGES, load_ask_questions
from sounding.datasets.common import default_data_dir
from sounding.embeddings.base import Embedder
from sounding.evaluate.datasets.files import read_json, read_jsonl
from sounding.retrieval.index import PassageIndex

GUIDANCE = ("auto", "shipped", "govuk")
_LOCK = threading.Lock()
_INDEXES: dict[tuple[str, str, str], PassageIndex] = {}


@dataclass(frozen=True)
class GroundingQuestion:
    """A question and the pages that answer it (none: out of scope)."""

    id: str
    question: str
    kind: str
    pages: tuple[str, ...]
    evidence: str | None = None


def govuk_pages(settings: Settings) -> Path | None:
    folder = default_data_dir(settings.data_dir)
    path = folder / GOVUK_PAGES if folder is not None else None
    return path if path is not None and path.is_file() else None


def resolve_guidance(guidance: str, settings: Settings) -> str:
    if guidance not in GUIDANCE:
        raise ValueError(f"Unknown guidance {guidance!r}; use one of {', '.join(GUIDANCE)}.")
    if guidance == "auto":
        return "govuk" if govuk_pages(settings) is not None else "shipped"
    return guidance


def guidance_items(name: str, settings: Settings) -> list[dict[str, Any]]:
    """The content items of the named guidance ("shipped" or "govuk")."""
    if name == "shipped":
        return list(read_json("guidance.json"))
    path = govuk_pages(settings)
    if path is None:
        raise FileNotFoundError(
            f"The govuk guidance needs the shared GOV.UK pages (<data_dir>/{GOVUK_PAGES}); "
            "set SOUNDING_DATA_DIR, or use guidance=shipped."
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    return list(data if isinstance(data, list) else [data])


def grounding_questions(name: str) -> list[GroundingQuestion]:
    """In-scope and out-of-scope questions about the named guidance."""
    if name == "shipped":
        return [
            GroundingQuestion(r["id"], r["question"], r["kind"], tuple(r["pages"]), r["evidence"])
            for r in read_jsonl("ask_questions.jsonl")
        ]
    return [
        GroundingQuestion(q.id, q.question, q.kind, q.pages, q.evidence)
        for q in load_ask_questions()
        if q.kind in ("in_scope", "out_of_scope")
    ]


def guidance_index(name: str, settings: Settings, embedder: Embedder) -> PassageIndex:
    """Ask's index of the named guidance, embedded by `embedder` (cached on disk and in
    memory; vectors of Ask's own index of SOUNDING_HOME are reused)."""
    from sounding.ask.govuk import ingest
    from sounding.retrieval.store import PassageStore
    from sounding.services.ask import embed_passages, index_path

    path = settings.home / "evaluate" / f"guidance-{name}.sqlite"
    key = (str(path), name, embedder.name)
    with _LOCK:
        if key not in _INDEXES:
            ingested = ingest(
                guidance_items(name, settings), settings.ask.document_types, settings.ask.base_url
            )
            store = PassageStore(path)
            # Passages `sounding ask index` has embedded already are not embedded again.
            reuse = PassageStore(index_path(settings)).vectors(embedder.name)
            store.write(ingested.passages, embedder.name, embed_passages(embedder, None), reuse)
            _INDEXES[key] = store.load(settings.ask.document_types)
        return _INDEXES[key]


def ask_embedder(settings: Settings) -> Embedder:
    """The configured embedding model, one instance per process."""
    from sounding.services.embedding import shared_model

    return shared_model(settings)


@dataclass(frozen=True)
class ScreenedQuestion:
    """A message for the guardrails: `category` is what it is ("genuine" when benign)."""

    id: str
    question: str
    category: str
    origin: str


def screened_questions(benign: int) -> list[ScreenedQuestion]:
    """Evaluate's own adversarial and near-miss messages (`data/ask_jailbreak.jsonl`), Ask's
    adversarial questions, and the first `benign` in-scope questions of Ask's dev half."""
    found = [
        ScreenedQuestion(r["id"], r["question"], r["category"], "evaluate")
        for r in read_jsonl("ask_jailbreak.jsonl")
    ]
    asked = load_ask_questions()
    found += [
        ScreenedQuestion(q.id, q.question, q.category or "genuine", "ask")
        for q in asked
        if q.kind == "adversarial"
    ]
    in_scope = [q for q in asked if q.kind == "in_scope" and q.split == "dev"][:benign]
    found += [ScreenedQuestion(q.id, q.question, "genuine", "ask") for q in in_scope]
    return found
