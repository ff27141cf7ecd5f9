"""A question through Ask's pipeline (input checks, guardrails, retrieval, answer), over the
guidance the task names, answered in the task's format."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np

from sounding.ask.pipeline import AskOptions, AskPipeline, AskState, model_steps, offline_steps
from sounding.ask.state import Status
from sounding.config import Settings
from sounding.llm.prompt import StructuredModel

#: Ask's statuses that are a guardrail's verdict, named as ask_jailbreak labels them.
GUARDRAIL_LABELS = {
    Status.JAILBREAK: "jailbreak",
    Status.PROMPT_INJECTION: "prompt_injection",
    Status.HARMFUL: "harmful",
    Status.POLITICAL: "political",
}


async def ask(
    question: str, guidance: str, settings: Settings, model: StructuredModel | None
) -> AskState:
    from sounding.evaluate.datasets.ask import ask_embedder, guidance_index
    from sounding.services.ask import relevance

    embedder = ask_embedder(settings)
    if guidance == "home":
        from sounding.retrieval.store import PassageStore
        from sounding.services.ask import index_path, same_model

        store = PassageStore(index_path(settings))
        same_model(store.model(), embedder.name)
        index = await asyncio.to_thread(store.load, settings.ask.document_types)
    else:
        index = await asyncio.to_thread(guidance_index, guidance, settings, embedder)

    def embed(text: str) -> np.ndarray:
        return np.asarray(embedder.embed([text])[0], dtype=np.float32)

    knobs = settings.ask
    options = AskOptions(
        relevance=relevance(settings),
        max_chars=knobs.max_question_chars,
        limit=knobs.max_sources,
        candidates=knobs.candidates,
        sentences=knobs.answer_sentences,
    )
    steps = (
        offline_steps(index, embed, options)
        if model is None
        else model_steps(model, index, embed, options)
    )
    return await AskPipeline(steps).run(question)


def passages_of(state: AskState) -> dict[str, str]:
    """Each source's link → the passage text it stands for (title, heading, text)."""
    from sounding.ask.compose import source_of

    found: dict[str, str] = {}
    for hit in state.hits:
        source = source_of(hit)
        found.setdefault(source.url, "\n".join([source.title, source.heading, hit.passage.text]))
    return found


def grounding_answer(state: AskState) -> dict[str, Any]:
    answered = state.status == Status.ANSWERED
    return {
        "answer": state.answer,
        "sources": [s.url for s in state.sources] if answered else [],
        "refused": not answered,
    }


def chat_answer(state: AskState) -> str:
    """The answer as Ask shows it: text, then its sources."""
    links = "\n".join(f"- {s.title}: {s.url}" for s in state.sources)
    return state.answer + (f"\n\nSources:\n{links}" if links else "")


def record_of(state: AskState) -> dict[str, Any]:
    return {
        "status": str(state.status or Status.ANSWERED),
        "steps": [f"{s.name}: {s.outcome}" for s in state.steps],
        "passages": passages_of(state),
    }
