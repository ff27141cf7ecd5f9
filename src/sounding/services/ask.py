"""The Ask use cases: index GOV.UK guidance, and answer a question from it.

The command line and the web app both come here. Indexing reads Content API items, cuts
them into passages and stores them with their vectors (only new or changed passages are
embedded). Answering builds the offline pipeline, or the model pipeline when a model is
configured and asked for; either way the same retrieval and the same replies.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sounding.ask.govuk import Ingested, ingest, read_items
from sounding.ask.pipeline import (
    AskOptions,
    AskPipeline,
    AskState,
    Step,
    Turn,
    model_steps,
    offline_steps,
)
from sounding.config import Settings
from sounding.embeddings.base import Embedder
from sounding.errors import InputError, SoundingError
from sounding.llm.metered import DryRunModel, MeteredModel
from sounding.progress import Progress
from sounding.retrieval.index import PassageIndex, Relevance
from sounding.retrieval.passages import Passage
from sounding.retrieval.store import Embed, IndexReport, PassageStore
from sounding.services.embedding import model_for
from sounding.services.model import open_model


def index_path(settings: Settings) -> Path:
    return settings.home / "ask" / "guidance.sqlite"


@dataclass(frozen=True)
class IndexOutcome:
    report: IndexReport
    skipped: dict[str, int]


def read_guidance(source: Path, settings: Settings) -> Ingested:
    """Passages of the current, allowed items in `source` (a JSON file or a folder)."""
    ingested = ingest(read_items(source), settings.ask.document_types, settings.ask.base_url)
    if not ingested.passages:
        reasons = ", ".join(f"{n} {why}" for why, n in ingested.skipped.items()) or "none found"
        raise InputError(
            f"{source} holds no guidance Ask can index ({reasons}).",
            "Give GOV.UK Content API items with a body or parts, of an allowed document type "
            "(ask.document_types).",
        )
    return ingested


def embed_passages(embedder: Embedder, progress: Progress | None) -> Embed:
    def embed(texts: Sequence[str]) -> np.ndarray:
        if progress is not None:
            progress.start("Embedding passages", len(texts))
        try:
            return embedder.embed(texts, progress)
        finally:
            if progress is not None:
                progress.finish()

    return embed


#: Where an index is written: passages, the embedding model's name, and how to embed.
Writer = Callable[[Sequence[Passage], str, Embed], IndexReport]


def index_guidance(
    source: Path,
    settings: Settings,
    progress: Progress | None = None,
    *,
    write: Writer | None = None,
) -> IndexOutcome:
    """Index `source`, embedding only what changed, into SOUNDING_HOME's index file (or
    through `write`: the web app's database)."""
    ingested = read_guidance(source, settings)
    embedder = model_for(settings, settings.embedding_model)
    write = write or PassageStore(index_path(settings)).write
    report = write(ingested.passages, embedder.name, embed_passages(embedder, progress))
    return IndexOutcome(report, dict(ingested.skipped))


def load_index(settings: Settings, path: Path | None = None) -> PassageIndex:
    return PassageStore(path or index_path(settings)).load(settings.ask.document_types)


def same_model(
    indexed_with: str | None,
    embedding_with: str,
    what: str = "The guidance index",
    hint: str = "Index the guidance again (`sounding ask index SOURCE`) or set the embedding "
    "model it was built with.",
) -> None:
    """Questions must be embedded by the model that embedded the passages."""
    if indexed_with and indexed_with != embedding_with:
        raise SoundingError(
            f"{what} was built with {indexed_with}, but questions would be embedded with "
            f"{embedding_with}.",
            hint,
        )


def relevance(settings: Settings) -> Relevance:
    return Relevance(
        settings.ask.relevance_threshold,
        settings.ask.coverage_weight,
        unconfirmed_threshold=settings.ask.unconfirmed_threshold,
    )


class Asker:
    """Answers questions with one pipeline (offline, or with the configured model)."""

    def __init__(self, pipeline: AskPipeline, model: MeteredModel | DryRunModel | None) -> None:
        self.pipeline = pipeline
        self.model = model

    def ask(self, question: str, history: Sequence[Turn] = ()) -> AskState:
        return asyncio.run(self.pipeline.run(question, history))


def build_steps(
    settings: Settings,
    index: PassageIndex,
    embedder: Embedder,
    model: MeteredModel | DryRunModel | None = None,
) -> list[Step]:
    ask = settings.ask

    def embed(text: str) -> np.ndarray:
        return np.asarray(embedder.embed([text])[0], dtype=np.float32)

    options = AskOptions(
        relevance=relevance(settings),
        max_chars=ask.max_question_chars,
        limit=ask.max_sources,
        candidates=ask.candidates,
        sentences=ask.answer_sentences,
    )
    if model is None:
        return offline_steps(index, embed, options)
    return model_steps(model, index, embed, options)


@contextmanager
def open_asker(
    settings: Settings,
    *,
    use_llm: bool = False,
    dry_run: bool = False,
    index: PassageIndex | None = None,
    embedder: Embedder | None = None,
    shared: bool = False,
) -> Iterator[Asker]:
    """An `Asker` over the guidance index (SOUNDING_HOME's unless `index` is given), with the
    configured embedding model (unless `embedder`, which must be the index's, is given)."""
    embedder = embedder or model_for(settings, settings.embedding_model, shared)
    if index is None:
        store = PassageStore(index_path(settings))
        index = store.load(settings.ask.document_types)
        same_model(store.model(), embedder.name)
    if not use_llm:
        yield Asker(AskPipeline(build_steps(settings, index, embedder)), None)
        return
    with open_model(settings, dry_run) as model:
        yield Asker(AskPipeline(build_steps(settings, index, embedder, model)), model)


__all__ = ["Asker", "IndexOutcome", "Passage", "index_guidance", "load_index", "open_asker"]
