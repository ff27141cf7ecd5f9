"""Consult stages that use a language model: theme writing and response coding.

Both sit on top of the offline stages, which keep doing what embeddings do well and cheaply:
de-duplication, clustering and candidate selection. The model is asked only what needs
language: to name each cluster from a sample of its responses (one call per question and
side), and to decide which of a few pre-selected candidate themes each response expresses
(many responses per call). That is what keeps calls to a handful per thousand responses.

Text sent to the model is redacted first, responses flagged as attempts to instruct a model
are never sent at all (they are coded by similarity), and every answer is checked: unknown
theme ids and missing responses are asked again once, then coded by similarity and flagged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import numpy as np
from pydantic import BaseModel

from sounding.consult.assign import SimilarityAssigner, compatible
from sounding.consult.discover import QuestionData, ThemeSeed, merge_similar
from sounding.consult.model import Stance
from sounding.embeddings.base import Embedder
from sounding.llm.errors import LLMOutputError, LLMRefusalError
from sounding.prompts import consult as prompts

T = TypeVar("T", bound=BaseModel)
WORDS_PER_RESPONSE = 120


class StructuredModel(Protocol):
    """What these stages need from an LLM client: one validated structured answer."""

    async def ask(self, messages: list[dict], schema: type[T], purpose: str) -> T: ...


def shorten_words(text: str, limit: int = WORDS_PER_RESPONSE) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " …"


def run_all(jobs: list[Coroutine[Any, Any, Any]]) -> list[Any]:
    """Run coroutines concurrently from synchronous code (the client limits concurrency)."""

    async def gather() -> list[Any]:
        return await asyncio.gather(*jobs)

    return asyncio.run(gather()) if jobs else []


@dataclass
class LLMThemeWriter:
    """Clusters with `inner`, then asks the model to name each cluster from a sample.

    Themes whose new labels say the same thing (close embeddings) are merged afterwards.
    """

    inner: Any
    model: StructuredModel
    redact: Callable[[str], str]
    samples_per_theme: int = 6
    merge_similarity: float = 0.9

    def discover(self, data: QuestionData, embedder: Embedder) -> list[ThemeSeed]:
        seeds = self.inner.discover(data, embedder)
        if not seeds:
            return seeds
        sides: dict[Stance, list[int]] = {}
        for index, seed in enumerate(seeds):
            sides.setdefault(seed.stance, []).append(index)
        jobs = [self._write(data, seeds, indexes, stance) for stance, indexes in sides.items()]
        for written in run_all(jobs):
            for index, (label, description) in written.items():
                seeds[index].label, seeds[index].description = label, description
        vectors = embedder.embed([s.label for s in seeds])
        for seed, vector in zip(seeds, vectors, strict=True):
            seed.label_vector = vector
        return merge_similar(seeds, self.merge_similarity)

    async def _write(
        self, data: QuestionData, seeds: list[ThemeSeed], indexes: list[int], stance: Stance
    ) -> dict[int, tuple[str, str]]:
        groups: dict[str, list[str]] = {}
        for index in indexes:
            seed = seeds[index]
            members = np.array(seed.members)
            nearest = members[np.argsort(-(data.vectors[members] @ seed.centroid), kind="stable")]
            sample = [shorten_words(self.redact(data.texts[i]), 60) for i in nearest]
            groups[f"g{index}"] = sample[: self.samples_per_theme]
        try:
            answer = await self.model.ask(
                prompts.theme_writing(data.question_text, str(stance), groups),
                prompts.ThemeTexts,
                purpose="consult.theme_writing",
            )
        except (LLMRefusalError, LLMOutputError):
            return {}  # the offline key-point labels stand
        written = {}
        for theme in answer.themes:
            key = theme.group.strip()
            if key in groups and theme.label.strip():
                written[int(key[1:])] = (theme.label.strip(), theme.description.strip())
        return written


@dataclass
class LLMAssigner:
    """Pre-selects candidate themes by similarity, then lets the model code each response.

    candidates: themes offered per response; batch_size: responses per call.
    """

    model: StructuredModel
    redact: Callable[[str], str]
    similarity: SimilarityAssigner = field(default_factory=SimilarityAssigner)
    candidates: int = 5
    batch_size: int = 40

    def assign(self, data: QuestionData, seeds: list[ThemeSeed]) -> list[list[tuple[int, float]]]:
        if not seeds:
            return [[] for _ in data.texts]
        fallback = self.similarity.assign(data, seeds)
        scores = self.similarity.scores(
            data.vectors,
            np.vstack([s.centroid for s in seeds]),
            np.vstack([s.label_vector for s in seeds]),
        )
        for row, stance in enumerate(data.stances):
            for t, seed in enumerate(seeds):
                if not compatible(seed.stance, stance):
                    scores[row, t] = -np.inf
        shortlist = np.argsort(-scores, axis=1, kind="stable")[:, : self.candidates]

        sendable = [i for i in range(len(data.texts)) if i not in data.flagged]
        batches = [
            sendable[i : i + self.batch_size] for i in range(0, len(sendable), self.batch_size)
        ]
        coded = run_all([self._code(data, seeds, batch, shortlist, scores) for batch in batches])

        result = list(fallback)
        for outcome in coded:
            for row, (themes, evidence) in outcome.items():
                if themes is None:
                    data.notes.setdefault(row, []).append(
                        "model did not code this response; coded by similarity"
                    )
                    continue
                result[row] = [(t, float(scores[row, t])) for t in themes]
                data.evidence_rich[row] = evidence
        return result

    async def _code(
        self,
        data: QuestionData,
        seeds: list[ThemeSeed],
        batch: list[int],
        shortlist: np.ndarray,
        scores: np.ndarray,
    ) -> dict[int, tuple[list[int] | None, bool]]:
        offered = sorted({int(t) for row in batch for t in shortlist[row] if scores[row, t] > -1})
        theme_alias = {f"t{t}": t for t in offered}
        labels = {alias: seeds[t].label for alias, t in theme_alias.items()}
        pending = {f"r{n}": row for n, row in enumerate(batch, start=1)}
        done: dict[int, tuple[list[int] | None, bool]] = {}
        for _attempt in range(2):  # one retry for what the model left out or got wrong
            if not pending:
                break
            texts = {
                alias: shorten_words(self.redact(data.texts[r])) for alias, r in pending.items()
            }
            try:
                answer = await self.model.ask(
                    prompts.response_coding(data.question_text, labels, texts),
                    prompts.ResponseCodings,
                    purpose="consult.response_coding",
                )
            except (LLMRefusalError, LLMOutputError):
                continue  # asked once more, then coded by similarity and flagged
            for coding in answer.codings:
                row = pending.get(coding.response.strip())
                if row is None:
                    continue
                allowed = {int(t) for t in shortlist[row]}
                themes = [theme_alias.get(t.strip()) for t in coding.themes]
                if any(t is None or t not in allowed for t in themes):
                    continue  # an unknown or unoffered theme: ask again
                done[row] = (
                    sorted(set(themes), key=lambda t: -scores[row, t]),
                    coding.evidence_rich,
                )
                del pending[coding.response.strip()]
        for row in pending.values():
            done[row] = (None, False)
        return done
