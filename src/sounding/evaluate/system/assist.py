"""A document question through Assist: the document is added to a collection of its own
(kept under SOUNDING_HOME/evaluate, keyed by its content, so it is embedded once) and
asked as `sounding assist ask` asks, offline or with the model."""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

import numpy as np

from sounding.assist.answer import DocumentAnswer, DocumentAsker
from sounding.assist.collection import Collection, open_collection
from sounding.assist.document import ExtractedDocument, Page, Text
from sounding.config import Settings
from sounding.llm.prompt import StructuredModel
from sounding.retrieval.index import Relevance

_LOCK = threading.Lock()


def extracted(document: dict[str, Any]) -> ExtractedDocument:
    pages = tuple(
        Page(
            int(page["page"]),
            f"page {int(page['page'])}",
            tuple(Text(line) for line in str(page["text"]).splitlines() if line.strip()),
        )
        for page in document.get("pages", [])
    )
    return ExtractedDocument(str(document.get("name") or "document.txt"), "txt", pages)


def collection_for(document: dict[str, Any], settings: Settings) -> Collection:
    """The document's own collection, added on first use."""
    from sounding.evaluate.datasets.ask import ask_embedder
    from sounding.services.ask import embed_passages

    data = json.dumps(document, sort_keys=True).encode()
    name = "doc-" + hashlib.sha256(data).hexdigest()[:16]
    with _LOCK:
        target = open_collection(settings.home / "evaluate", name)
        if not target.documents():
            embedder = ask_embedder(settings)
            target.add(
                extracted(document), data, ".txt", embedder.name, embed_passages(embedder, None)
            )
    return target


async def ask(
    document: dict[str, Any], question: str, settings: Settings, model: StructuredModel | None
) -> DocumentAnswer:
    import asyncio

    from sounding.evaluate.datasets.ask import ask_embedder

    target = await asyncio.to_thread(collection_for, document, settings)
    embedder = ask_embedder(settings)

    def embed(text: str) -> np.ndarray:
        return np.asarray(embedder.embed([text])[0], dtype=np.float32)

    knobs = settings.assist
    asker = DocumentAsker(
        target,
        target.index(),
        embed,
        Relevance(knobs.relevance_threshold, knobs.coverage_weight),
        knobs.max_sources,
        knobs.answer_sentences,
        model,
        target.models_may_see_personal_data,
    )
    return await asker.ask(question)


def citations_answer(answer: DocumentAnswer) -> dict[str, Any]:
    return {
        "answer": answer.answer,
        "citations": [{"page": c.page, "quote": c.quote} for c in answer.citations],
    }
