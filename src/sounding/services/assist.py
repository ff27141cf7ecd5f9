"""The Assist use cases: add documents to a collection, remove them, summarise, draft and
ask, offline or with the configured model. The command line and the web app call these."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sounding.assist.answer import DocumentAnswer, DocumentAsker
from sounding.assist.collection import Added, Collection, StoredDocument, open_collection
from sounding.assist.document import DocumentTooLarge
from sounding.assist.extract import extract_bytes
from sounding.assist.summarise import Summariser, Summary
from sounding.config import Settings
from sounding.embeddings.base import Embedder
from sounding.errors import InputError, SoundingError
from sounding.llm.prompt import StructuredModel
from sounding.progress import Progress
from sounding.retrieval.index import Relevance
from sounding.services.ask import embed_passages, same_model
from sounding.services.embedding import model_for
from sounding.services.model import open_model

DEFAULT_COLLECTION = "default"


def collection(settings: Settings, name: str = DEFAULT_COLLECTION) -> Collection:
    return open_collection(settings.home, name)


def add_document(
    target: Collection,
    data: bytes,
    name: str,
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> Added:
    """Extract a file's text and add it (and its attachments) to `target`."""
    limits = settings.assist
    extracted = extract_bytes(
        data, name, max_bytes=limits.max_file_mb * 1024 * 1024, max_pages=limits.max_pages
    )
    embedder = embedder or model_for(settings, settings.embedding_model)
    suffix = Path(name).suffix
    return target.add(extracted, data, suffix, embedder.name, embed_passages(embedder, progress))


def add_files(
    paths: Sequence[Path],
    target: Collection,
    settings: Settings,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> list[tuple[Path, Added | SoundingError]]:
    """Add each file; a file that cannot be read is reported and the others still added."""
    embedder = embedder or model_for(settings, settings.embedding_model)
    results: list[tuple[Path, Added | SoundingError]] = []
    for path in paths:
        try:
            if path.is_dir():
                raise InputError(
                    f"{path.name}: this is a folder.", f"Add the files in it: {path}/*"
                )
            if not path.is_file():
                raise InputError(f"{path.name}: there is no such file.", f"Check the path: {path}")
            limit = settings.assist.max_file_mb
            if path.stat().st_size > limit * 1024 * 1024:  # refused before it is read
                raise DocumentTooLarge(
                    f"{path.name}: the file is larger than {limit} MB.",
                    "Split it, or raise assist.max_file_mb.",
                )
            results.append(
                (
                    path,
                    add_document(
                        target, path.read_bytes(), path.name, settings, embedder, progress
                    ),
                )
            )
        except SoundingError as error:
            results.append((path, error))
    return results


def remove_document(
    target: Collection, reference: str, settings: Settings, embedder: Embedder | None = None
) -> list[StoredDocument]:
    """Remove a document (and its attachments) from everywhere `target` keeps it."""
    embedder = embedder or model_for(settings, settings.embedding_model)
    return target.remove(target.find(reference).id, embedder.name, embed_passages(embedder, None))


@dataclass
class Assistant:
    """Asks, summarises and drafts over one collection."""

    asker: DocumentAsker
    summariser: Summariser

    def ask(self, question: str) -> DocumentAnswer:
        return asyncio.run(self.asker.ask(question))

    def summarise(self, documents: Sequence[StoredDocument], style: str) -> Summary:
        return asyncio.run(self.summariser.summarise(documents, style))

    def draft(self, template: str, documents: Sequence[StoredDocument]) -> Summary:
        return asyncio.run(self.summariser.draft(template, documents))


@contextmanager
def open_assistant(
    settings: Settings,
    target: Collection,
    *,
    use_llm: bool = False,
    dry_run: bool = False,
    embedder: Embedder | None = None,
) -> Iterator[Assistant]:
    """An `Assistant` over `target`, with the configured model when `use_llm`."""
    if not target.documents():
        raise SoundingError(
            f"Collection {target.name!r} has no documents.",
            "Add some with `sounding assist add FILE…`.",
        )
    embedder = embedder or model_for(settings, settings.embedding_model)
    same_model(
        target.index_store.model(),
        embedder.name,
        f"Collection {target.name!r}",
        "Set the embedding model the collection was built with, or add its documents to a "
        "new collection.",
    )
    index = target.index()

    def embed(text: str) -> np.ndarray:
        return np.asarray(embedder.embed([text])[0], dtype=np.float32)

    def build(model: StructuredModel | None) -> Assistant:
        options = settings.assist
        private = target.models_may_see_personal_data
        return Assistant(
            DocumentAsker(
                target,
                index,
                embed,
                Relevance(options.relevance_threshold, options.coverage_weight),
                options.max_sources,
                options.answer_sentences,
                model,
                private,
            ),
            Summariser(
                target, index, options.summary_points, options.llm_token_budget, model, private
            ),
        )

    if not use_llm:
        yield build(None)
        return
    with open_model(settings, dry_run, log_path=target.llm_log) as model:
        yield build(model)
