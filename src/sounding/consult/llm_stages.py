"""Consult stages that use a language model: theme writing, merging, coding, summaries and
links across questions.

All sit on top of the offline stages, which keep doing what embeddings do well and cheaply:
de-duplication, clustering, candidate selection and finding similar themes. The model is
asked only what needs language: to name each cluster from a sample of its responses (one
call per question and side); whether similar themes make the same point (one call per
question for all candidate pairs, and one for all links across questions); which of a few
pre-selected candidate themes each response expresses (many responses per call, or only a
sample, with a classifier coding the rest); and what most of a theme's responses say and
what a minority says (one call per question for many themes). That is what keeps calls to
a handful per thousand responses.

Text sent to the model is redacted first, responses flagged as attempts to instruct a model
are never sent at all (they are coded by similarity), and every answer is checked: unknown
ids and missing items are asked again once, then handled offline and reported (flags on
responses, notes on questions or on the analysis).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from sounding.consult.assign import SimilarityAssigner, compatible
from sounding.consult.classify import EmbeddingClassifier, agreement
from sounding.consult.discover import merge_pairs, merge_similar
from sounding.consult.links import CrossQuestionLinker
from sounding.consult.model import QuestionAnalysis, Stance, Status
from sounding.consult.stages import (
    Coding,
    Codings,
    Discoverer,
    Discovery,
    Linking,
    QuestionData,
    Summaries,
    ThemeSeed,
)
from sounding.embeddings.base import Embedder
from sounding.llm.errors import LLMOutputError, LLMRefusalError
from sounding.llm.prompt import Answer, Prompt, StructuredModel
from sounding.prompts import consult as prompts

T = TypeVar("T", bound=Answer)
WORDS_PER_RESPONSE = 120


def shorten_words(text: str, limit: int = WORDS_PER_RESPONSE) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]) + " …"


def as_sent(
    data: QuestionData, row: int, redact: Callable[[str], str], words: int = WORDS_PER_RESPONSE
) -> str:
    """A response as the model sees it: redacted, shortened, and saying how many respondents
    sent it when it stands for a campaign or duplicates."""
    text = shorten_words(redact(data.texts[row]), words)
    respondents = int(data.weights[row])
    return text if respondents == 1 else f"[{respondents} respondents] {text}"


def run_all(jobs: list[Coroutine[Any, Any, Any]]) -> list[Any]:
    """Run coroutines concurrently from synchronous code (the client limits concurrency)."""

    async def gather() -> list[Any]:
        return await asyncio.gather(*jobs)

    return asyncio.run(gather()) if jobs else []


def is_dry_run(model: StructuredModel) -> bool:
    """Whether `model` only estimates (answers neutrally, sends nothing)."""
    return bool(getattr(model, "dry_run", False))


async def ask_each(
    model: StructuredModel,
    aliases: list[str],
    build: Callable[[list[str]], Prompt[T]],
    purpose: str,
    parse: Callable[[T], Iterable[tuple[str, Any]]],
    attempts: int = 2,
) -> tuple[dict[str, Any], list[str]]:
    """Ask about every alias; what the model leaves out, or answers with an unknown id or an
    invalid value (`parse` gives None), is asked again, once. Returns the accepted values
    and the aliases still unanswered, which callers must report."""
    done: dict[str, Any] = {}
    pending = list(aliases)
    for _attempt in range(attempts):
        if not pending:
            break
        try:
            answer = await model.ask(build(pending), purpose=purpose)
        except (LLMRefusalError, LLMOutputError):
            continue
        asked = set(pending)
        for alias, value in parse(answer):
            if alias in asked and alias not in done and value is not None:
                done[alias] = value
        pending = [a for a in pending if a not in done]
    return done, pending


def chunks(items: list[Any], size: int) -> list[list[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def new_positions(before: list[ThemeSeed], after: list[ThemeSeed]) -> list[int]:
    """Where each seed of `before` went in `after`, a merge of them: itself, or the seed it
    was folded into (which took over its members)."""
    where = {id(seed): k for k, seed in enumerate(after)}
    holder = {row: k for k, seed in enumerate(after) for row in seed.members}
    return [where[id(seed)] if id(seed) in where else holder[seed.members[0]] for seed in before]


@dataclass
class LLMThemeWriter:
    """Clusters with `inner`, then asks the model to name each cluster from a sample.

    Themes of one side whose new labels are near-identical (cosine similarity of their
    embeddings at least `merge_similarity`) are merged afterwards; pairs in the middling
    band from `confirm_similarity` up are merged only if the model confirms they make the
    same point (one call per question for all such pairs, the `max_pairs` closest).

    A question with at most `one_call_limit` distinct responses to send costs one call: the
    model sees every response, grouped by cluster, and names, summarises and codes them all
    at once (asked to give groups that make the same point the same label, which the
    near-identical merge then joins, so no separate merge check is made). What that answer
    leaves out is asked again through the usual calls: unnamed groups here, uncoded
    responses by `LLMAssigner`, unsummarised themes by `LLMSummariser`.
    """

    inner: Discoverer
    model: StructuredModel
    redact: Callable[[str], str]
    samples_per_theme: int = 6
    merge_similarity: float = 0.9
    confirm_similarity: float = 0.7
    max_pairs: int = 40
    one_call_limit: int = 100

    def discover(self, data: QuestionData, embedder: Embedder) -> Discovery:
        found = self.inner.discover(data, embedder)
        seeds, notes = found.seeds, list(found.notes)
        if not seeds:
            return found
        sendable = [i for i in range(len(data.texts)) if i not in data.flagged]
        one_call = 0 < len(sendable) <= self.one_call_limit
        coded: dict[int, tuple[set[int], bool]] = {}
        unnamed = list(range(len(seeds)))
        if one_call:
            unnamed, coded = run_all([self._write_and_code(data, seeds, sendable)])[0]
            if is_dry_run(self.model):
                unnamed = []  # a dry run answers with nothing; asking again would overcount
        sides: dict[Stance, list[int]] = {}
        for index in unnamed:
            sides.setdefault(seeds[index].stance, []).append(index)
        jobs = [self._write(data, seeds, indexes, stance) for stance, indexes in sides.items()]
        for written, note in run_all(jobs):
            notes.extend(note)
            for index, (label, description) in written.items():
                seeds[index].label, seeds[index].description = label, description
        vectors = embedder.embed([s.label for s in seeds])
        for seed, vector in zip(seeds, vectors, strict=True):
            seed.label_vector = vector
        merged = merge_similar(list(seeds), self.merge_similarity)
        if not one_call:
            confirmed, merge_notes = self._merge_confirmed(data, merged)
            return Discovery(confirmed, notes=notes + merge_notes)
        moved = new_positions(seeds, merged)
        precoded = {
            row: (sorted({moved[t] for t in themes}), evidence)
            for row, (themes, evidence) in coded.items()
        }
        return Discovery(merged, precoded, one_call=True, notes=notes)

    async def _write_and_code(
        self, data: QuestionData, seeds: list[ThemeSeed], sendable: list[int]
    ) -> tuple[list[int], dict[int, tuple[set[int], bool]]]:
        """One call for a small question. Returns the seeds the model left unnamed and, per
        response it accounted for, the seeds it was coded to and whether it is
        evidence-rich (theme labels, descriptions and summaries are set on the seeds)."""
        alias = {row: f"r{n}" for n, row in enumerate(sendable, start=1)}
        row_of = {a: row for row, a in alias.items()}

        groups: dict[str, dict[str, object]] = {}
        grouped: set[int] = set()
        for index, seed in enumerate(seeds):
            rows = [row for row in seed.members if row in alias]
            if not rows:
                continue  # only flagged responses: nothing to show the model
            group: dict[str, object] = {
                "responses": {alias[row]: as_sent(data, row, self.redact) for row in rows}
            }
            if seed.stance is not Stance.NEUTRAL:
                group = {"side": str(seed.stance), **group}
            groups[f"g{index}"] = group
            grouped.update(rows)
        ungrouped: dict[str, object] = {}
        for row in sendable:
            if row in grouped:
                continue
            stance = data.stances[row]
            ungrouped[alias[row]] = (
                as_sent(data, row, self.redact)
                if stance is Stance.NEUTRAL
                else {"side": str(stance), "text": as_sent(data, row, self.redact)}
            )

        unnamed = list(range(len(seeds)))
        coded: dict[int, tuple[set[int], bool]] = {}
        try:
            answer = await self.model.ask(
                prompts.question_themes(data.question_text, groups, ungrouped),
                purpose="consult.question_themes",
            )
        except (LLMRefusalError, LLMOutputError):
            return unnamed, coded  # everything goes through the usual calls instead
        evidence = {row_of[a.strip()] for a in answer.evidence_rich if a.strip() in row_of}
        themes_of: dict[int, set[int]] = {}
        for theme in answer.themes:
            key = theme.group.strip()
            if key not in groups:
                continue  # an unknown group
            index = int(key[1:])
            if theme.label.strip() and index in unnamed:
                seed = seeds[index]
                seed.label, seed.description = theme.label.strip(), theme.description.strip()
                seed.summary, seed.minority_view = theme.majority.strip(), theme.minority.strip()
                unnamed.remove(index)
            for response in theme.responses:
                if response.strip() in row_of:
                    themes_of.setdefault(row_of[response.strip()], set()).add(index)
        for response in answer.unthemed:
            if response.strip() in row_of:
                themes_of.setdefault(row_of[response.strip()], set())
        for row, themes in themes_of.items():
            coded[row] = (themes, row in evidence)
        return unnamed, coded

    def _merge_confirmed(
        self, data: QuestionData, seeds: list[ThemeSeed]
    ) -> tuple[list[ThemeSeed], list[str]]:
        """Merge the pairs in the middling band that the model says make the same point;
        also says what the analyst should know about pairs left unchecked."""
        candidates = []
        for a in range(len(seeds)):
            for b in range(a + 1, len(seeds)):
                if seeds[a].stance is not seeds[b].stance:
                    continue
                similarity = float(seeds[a].label_vector @ seeds[b].label_vector)
                if similarity >= self.confirm_similarity:
                    candidates.append((-similarity, a, b))
        if not candidates:
            return seeds, []
        candidates.sort()
        pairs = {f"p{n}": (a, b) for n, (_, a, b) in enumerate(candidates[: self.max_pairs], 1)}

        def theme(index: int) -> dict[str, str]:
            seed = seeds[index]
            return {"label": self.redact(seed.label), "description": self.redact(seed.description)}

        def build(aliases: list[str]) -> Prompt[prompts.Verdicts]:
            shown = {
                alias: {"a": theme(pairs[alias][0]), "b": theme(pairs[alias][1])}
                for alias in aliases
            }
            return prompts.theme_merging(data.question_text, shown)

        def parse(answer: prompts.Verdicts) -> Iterable[tuple[str, Any]]:
            return ((v.item.strip(), v.same) for v in answer.verdicts)

        verdicts, unanswered = run_all(
            [ask_each(self.model, list(pairs), build, "consult.theme_merging", parse)]
        )[0]
        notes = []
        if unanswered:
            notes.append(
                f"The model did not judge {len(unanswered)} pair(s) of similar themes; "
                "they were kept apart."
            )
        if len(candidates) > self.max_pairs:
            notes.append(
                f"{len(candidates) - self.max_pairs} less similar pair(s) of themes were not "
                "checked for merging."
            )
        same = [pairs[alias] for alias, same in verdicts.items() if same]
        return merge_pairs(seeds, same), notes

    async def _write(
        self, data: QuestionData, seeds: list[ThemeSeed], indexes: list[int], stance: Stance
    ) -> tuple[dict[int, tuple[str, str]], list[str]]:
        """New (label, description) by seed index, and what the analyst should know."""
        groups: dict[str, list[str]] = {}
        for index in indexes:
            seed = seeds[index]
            members = np.array([row for row in seed.members if row not in data.flagged])
            if not len(members):
                continue  # only responses that try to instruct a model: never sent
            nearest = members[np.argsort(-(data.vectors[members] @ seed.centroid), kind="stable")]
            sample = [shorten_words(self.redact(data.texts[i]), 60) for i in nearest]
            groups[f"g{index}"] = sample[: self.samples_per_theme]
        if not groups:
            return {}, []

        def build(aliases: list[str]) -> Prompt[prompts.ThemeTexts]:
            shown = {alias: groups[alias] for alias in aliases}
            return prompts.theme_writing(data.question_text, str(stance), shown)

        def parse(answer: prompts.ThemeTexts) -> Iterable[tuple[str, Any]]:
            return (
                (t.group.strip(), (t.label.strip(), t.description.strip())) for t in answer.themes
            )

        answered, unanswered = await ask_each(
            self.model, list(groups), build, "consult.theme_writing", parse
        )
        notes = []
        if unanswered:  # their offline key-point labels stand
            notes.append(
                f"The model did not name {len(unanswered)} {stance} theme(s); they keep "
                "their key-point labels."
            )
        return {int(alias[1:]): text for alias, text in answered.items() if text[0]}, notes


@dataclass
class LLMAssigner:
    """Pre-selects candidate themes by similarity, then lets the model code each response.

    candidates: themes offered per response; batch_size: responses per call.
    sample_size: when set and a question has more distinct responses than this, the model
    codes a random sample of this many and a classifier trained on their embeddings (one
    logistic regression per theme) codes the rest; a `holdout` share of the sample is kept
    back first to measure how often classifier and model agree (in the coding's report).
    """

    model: StructuredModel
    redact: Callable[[str], str]
    similarity: SimilarityAssigner = field(default_factory=SimilarityAssigner)
    candidates: int = 5
    batch_size: int = 100
    sample_size: int | None = None
    holdout: float = 0.2
    seed: int = 0

    def assign(self, data: QuestionData, discovery: Discovery) -> Coding:
        seeds = discovery.seeds
        if not seeds:
            return Coding([[] for _ in data.texts])
        fallback = self.similarity.assign(data, discovery).themes
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

        precoded = {
            row: themes
            for row, themes in discovery.precoded.items()
            if all(np.isfinite(scores[row, t]) for t in themes[0])  # no theme of the other side
        }
        sendable = [
            i for i in range(len(data.texts)) if i not in data.flagged and i not in precoded
        ]
        rng = np.random.default_rng(self.seed)
        sampled = self.sample_size is not None and len(sendable) > self.sample_size
        if sampled:
            chosen = rng.choice(np.array(sendable), size=self.sample_size, replace=False)
            to_code = sorted(int(i) for i in chosen)
        else:
            to_code = sendable
        # Responses of one side together, so most calls offer only themes they may take.
        side = {Stance.AGREE: 0, Stance.DISAGREE: 1, Stance.NEUTRAL: 2}
        to_code = sorted(to_code, key=lambda i: (side[data.stances[i]], i))
        batches = chunks(to_code, self.batch_size)
        coded = run_all([self._code(data, seeds, batch, shortlist, scores) for batch in batches])
        if is_dry_run(self.model):
            return Coding(fallback)  # nothing was coded: later stages see the similarity coding

        result = list(fallback)
        flags: dict[int, list[str]] = {}
        evidence_rich: dict[int, bool] = {}
        for outcome in [precoded, *coded]:
            for row, (themes, evidence) in outcome.items():
                if themes is None:
                    flags.setdefault(row, []).append(
                        "model did not code this response; coded by similarity"
                    )
                    continue
                ranked = sorted(set(themes), key=lambda t: (-scores[row, t], t))
                result[row] = [(t, float(scores[row, t])) for t in ranked]
                evidence_rich[row] = evidence
        if not sampled:
            return Coding(result, evidence_rich, flags)
        rest = sorted(set(sendable) - set(to_code))
        report, notes = self._classify(data, seeds, coded, rest, scores, result, rng)
        return Coding(result, evidence_rich, flags, report, notes)

    def _classify(
        self,
        data: QuestionData,
        seeds: list[ThemeSeed],
        coded: list[dict[int, tuple[list[int] | None, bool]]],
        rest: list[int],
        scores: np.ndarray,
        result: Codings,
        rng: np.random.Generator,
    ) -> tuple[dict[str, object], list[str]]:
        """Code `rest` (into `result`) with a classifier trained on the model's coding of
        the sample, after measuring on a held-out part of the sample how often the two
        agree. Returns that report and what the analyst should know."""
        labelled = sorted(
            (row, themes)
            for outcome in coded
            for row, (themes, _) in outcome.items()
            if themes is not None
        )
        rows = np.array([row for row, _ in labelled], dtype=int)
        targets = np.zeros((len(labelled), len(seeds)), dtype=bool)
        for k, (_, themes) in enumerate(labelled):
            targets[k, themes] = True
        allowed = np.isfinite(scores)
        prior = np.where(allowed, scores, -1.0)  # the offline similarity, as one more feature
        limit = self.similarity.max_per_response

        held = round(self.holdout * len(labelled))
        report: dict[str, object] = {
            "sample_size": self.sample_size,
            "coded_by_model": len(labelled),
            "coded_by_classifier": len(rest),
            "held_out": held,
        }
        if not labelled:  # nothing to learn from: the similarity coding stands
            report["coded_by_classifier"] = 0
            note = "The model coded none of the sample; all responses were coded by similarity."
            return report, [note]
        if held and len(labelled) - held:
            order = rng.permutation(len(labelled))
            test, train = order[:held], order[held:]
            check = EmbeddingClassifier(seed=self.seed).fit(
                data.vectors[rows[train]], targets[train], prior[rows[train]]
            )
            predicted = check.predict(
                data.vectors[rows[test]], allowed[rows[test]], limit, prior[rows[test]]
            )
            truth = [[int(t) for t in np.flatnonzero(targets[k])] for k in test]
            report.update(agreement(truth, predicted))
        classifier = EmbeddingClassifier(seed=self.seed).fit(
            data.vectors[rows], targets, prior[rows]
        )
        if rest:
            predicted = classifier.predict(data.vectors[rest], allowed[rest], limit, prior[rest])
            for row, themes in zip(rest, predicted, strict=True):
                result[row] = [(t, float(scores[row, t])) for t in themes]
        return report, []

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
                    purpose="consult.response_coding",
                )
            except (LLMRefusalError, LLMOutputError):
                continue  # asked once more, then coded by similarity and flagged
            for coding in answer.codings:
                row = pending.get(coding.response.strip())
                if row is None:
                    continue
                aliases = [t.strip() for t in coding.themes]
                themes = [theme_alias[a] for a in aliases if a in theme_alias]
                if len(themes) < len(aliases) or not np.isfinite(scores[row, themes]).all():
                    continue  # an unknown theme, or one of the other side: ask again
                done[row] = (
                    sorted(set(themes), key=lambda t: -scores[row, t]),
                    coding.evidence_rich,
                )
                del pending[coding.response.strip()]
        for row in pending.values():
            done[row] = (None, False)
        return done


@dataclass
class LLMSummariser:
    """Asks the model for each theme's majority view and any minority view, from a sample of
    the responses coded to it (spread from the most to the least typical).

    Many themes go in one call (`themes_per_call`), so a question costs about one call."""

    model: StructuredModel
    redact: Callable[[str], str]
    samples_per_theme: int = 6
    themes_per_call: int = 40
    words_per_response: int = 50

    def summarise(self, data: QuestionData, discovery: Discovery, codings: Codings) -> Summaries:
        seeds = discovery.seeds
        if discovery.one_call and is_dry_run(self.model):
            return Summaries()  # the one call would have summarised them
        coded: dict[int, list[tuple[float, int]]] = {}
        for row, picks in enumerate(codings):
            if row in data.flagged:
                continue
            for t, score in picks:
                if not seeds[t].summary:  # not summarised already, in a question's one call
                    coded.setdefault(t, []).append((score, row))
        themes: dict[str, dict[str, object]] = {}
        for t in sorted(coded):
            ranked = [row for _, row in sorted(coded[t], key=lambda p: (-p[0], p[1]))]
            spread = np.unique(np.linspace(0, len(ranked) - 1, self.samples_per_theme).round())
            sample = [
                as_sent(data, ranked[k], self.redact, self.words_per_response)
                for k in spread.astype(int)
            ]
            themes[f"t{t}"] = {
                "label": self.redact(seeds[t].label),
                "stance": str(seeds[t].stance),
                "responses": sample,
            }
        if not themes:
            return Summaries()

        def build(aliases: list[str]) -> Prompt[prompts.ThemeSummaries]:
            return prompts.theme_summaries(data.question_text, {a: themes[a] for a in aliases})

        def parse(answer: prompts.ThemeSummaries) -> Iterable[tuple[str, Any]]:
            return (
                (s.theme.strip(), (s.majority.strip(), s.minority.strip()))
                for s in answer.summaries
            )

        jobs = [
            ask_each(self.model, part, build, "consult.theme_summary", parse)
            for part in chunks(list(themes), self.themes_per_call)
        ]
        missing = 0
        views: dict[int, tuple[str, str]] = {}
        for answered, unanswered in run_all(jobs):
            missing += len(unanswered)
            for alias, view in answered.items():
                views[int(alias[1:])] = view
        notes = [f"The model did not summarise {missing} theme(s)."] if missing else []
        return Summaries(views, notes)


@dataclass
class LLMLinkChecker:
    """Links themes across questions with `inner`, then keeps only the links the model
    confirms make the same point (one call for up to `links_per_call` links).

    Below `min_answers` answers (all questions together) `unchecked`, the offline linker
    with its stricter threshold, links them with no call: a small consultation costs one
    call per question, and a check would add a large share to that."""

    inner: CrossQuestionLinker
    model: StructuredModel
    redact: Callable[[str], str]
    links_per_call: int = 40
    min_answers: int = 1000
    unchecked: CrossQuestionLinker = field(default_factory=CrossQuestionLinker)

    def link(self, questions: list[QuestionAnalysis], embedder: Embedder) -> Linking:
        answered = (Status.THEMED, Status.OTHER, Status.DUPLICATE)
        answers = sum(o.status in answered for q in questions for o in q.outcomes)
        if answers < self.min_answers:
            unchecked = self.unchecked.link(questions, embedder)
            if not unchecked.links:
                return unchecked
            note = (
                "Links between questions rest on the similarity of theme labels alone: "
                f"the model checks them from {self.min_answers:,} answers up."
            )
            return Linking(unchecked.links, [*unchecked.notes, note])
        found = self.inner.link(questions, embedder)
        links, notes = found.links, list(found.notes)
        if not links:
            return found
        texts = {q.question.id: q.question.text or q.question.id for q in questions}
        groups = {
            f"x{n}": [
                {"question": texts[t.question_id], "theme": self.redact(t.label)}
                for t in link.themes
            ]
            for n, link in enumerate(links, start=1)
        }

        def parse(answer: prompts.Verdicts) -> Iterable[tuple[str, Any]]:
            return ((v.item.strip(), v.same) for v in answer.verdicts)

        def build(aliases: list[str]) -> Prompt[prompts.Verdicts]:
            return prompts.cross_question_links({a: groups[a] for a in aliases})

        jobs = [
            ask_each(self.model, part, build, "consult.cross_question", parse)
            for part in chunks(list(groups), self.links_per_call)
        ]
        verdicts: dict[str, bool] = {}
        unanswered: list[str] = []
        for answered, missing in run_all(jobs):
            verdicts.update(answered)
            unanswered.extend(missing)
        if unanswered:
            notes.append(
                f"The model did not judge {len(unanswered)} link(s) between questions; they "
                "stand on similarity alone."
            )
        kept = []
        for n, link in enumerate(links, start=1):
            same = verdicts.get(f"x{n}")
            if same is False:
                continue
            link.confirmed = same
            kept.append(link)
        for n, link in enumerate(kept, start=1):
            link.id = f"X{n:03d}"
        return Linking(kept, notes)
