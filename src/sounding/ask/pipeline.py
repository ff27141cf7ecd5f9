"""Ask's answer pipeline: named steps over one `AskState`, any of which may stop it.

Offline:    input checks → guardrail patterns → route (greeting, unclear) → retrieve →
            extractive answer.
With model: input checks → guardrail patterns → jailbreak check → rephrase with history →
            route → retrieve → answer behind link tokens → answer checks.

Every step leaves a `StepRecord` (what it decided, how long it took), so a stopped
question says which step stopped it and why. A model step that fails (no answer, invalid
answer, refusal) never leaves the user with nothing: the router and jailbreak check pass
the question on (the patterns already ran), the composer and the answer check fall back to
the offline answer, which quotes the guidance and so cannot misstate it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Protocol

import numpy as np

from sounding.ask import checks, guardrails
from sounding.ask.compose import extractive_answer, linked_context, map_links
from sounding.ask.replies import THANKS, reply
from sounding.ask.state import AskState, Source, Status, StepRecord, Turn
from sounding.consult.language import LanguageDetector
from sounding.llm.errors import MODEL_FAILURES
from sounding.llm.prompt import StructuredModel
from sounding.privacy.redact import redact
from sounding.prompts import ask as prompts
from sounding.retrieval.index import PassageIndex, Relevance
from sounding.retrieval.lexical import terms
from sounding.wording import listed

_GREETING = re.compile(
    r"^\W*(?:hi|hello|hiya|hey|good (?:morning|afternoon|evening)|thanks|thank you|cheers"
    r"|bore da|shwmae|diolch)(?: (?:there|very much|a lot|so much))?\W*$",
    re.IGNORECASE,
)

_THANKS = re.compile(r"\b(?:thanks|thank you|cheers|diolch)\b", re.IGNORECASE)


def _greet(state: AskState) -> None:
    """Stop with the greeting status: thanks answered as thanks, a hello as a hello."""
    said = THANKS if _THANKS.search(state.question) else reply(Status.GREETING)
    state.stop(Status.GREETING, said)


_ROUTE_STATUS = {
    "greeting": Status.GREETING,
    "unclear": Status.UNCLEAR,
    "needs_account_data": Status.NEEDS_ACCOUNT,
    "out_of_scope": Status.OUT_OF_SCOPE,
    "harmful": Status.HARMFUL,
    "advice_or_opinion": Status.ADVICE,
    "political": Status.POLITICAL,
}
#: Below this confidence a router label other than genuine_question is not acted on:
#: retrieval's own relevance test still stands between the question and an answer.
ROUTE_CONFIDENCE = 0.6


class Step(Protocol):
    name: str

    async def __call__(self, state: AskState) -> str: ...


@dataclass
class InputChecks:
    """Hidden characters removed; too long or holding personal data: stopped."""

    max_chars: int
    name: str = "input_checks"

    async def __call__(self, state: AskState) -> str:
        state.question = checks.clean(state.question)
        state.search_text = checks.without_markup(state.question)
        state.stored_question = state.question
        if kinds := checks.personal_data(state.question):
            state.stored_question = checks.redacted(state.question)
            spoken = listed([checks.KIND_NAMES[k] for k in kinds])
            state.stop(Status.REFUSED_PII, reply(Status.REFUSED_PII, kinds=spoken))
            return ", ".join(kinds)
        if len(state.question) > self.max_chars:
            state.stop(Status.TOO_LONG, reply(Status.TOO_LONG, limit=str(self.max_chars)))
            return f"{len(state.question)} characters"
        if not state.search_text:
            state.stop(Status.UNCLEAR, reply(Status.UNCLEAR))
            return "empty"
        return ""


@dataclass
class GuardrailPatterns:
    """Jailbreaks, injections, harmful and political questions caught by their wording."""

    name: str = "guardrail_patterns"

    async def __call__(self, state: AskState) -> str:
        found = guardrails.flag(state.question)
        if found is None:
            return ""
        kind, reason = found
        status = Status(kind)
        state.stop(status, reply(status))
        return reason


@dataclass
class JailbreakCheck:
    """The model's view of whether the question tries to manipulate the assistant."""

    model: StructuredModel
    name: str = "jailbreak_check"

    async def __call__(self, state: AskState) -> str:
        verdict = await self.model.ask(prompts.jailbreak_check(state.question), "ask_jailbreak")
        if verdict.jailbreak:
            state.stop(Status.JAILBREAK, reply(Status.JAILBREAK))
            return "the model judged it a jailbreak"
        return ""


@dataclass
class Rephrase:
    """A follow-up ("what about apprentices?") rewritten to stand alone for retrieval."""

    model: StructuredModel
    turns: int = 3
    name: str = "rephrase"

    async def __call__(self, state: AskState) -> str:
        if not state.history:
            return "no history"
        history = [
            {"question": t.question, "answer": t.answer[:600]} for t in state.history[-self.turns :]
        ]
        rewritten = await self.model.ask(prompts.rephrase(state.question, history), "ask_rephrase")
        text = checks.without_markup(checks.clean(rewritten.question))
        if text and not checks.personal_data(text):
            state.search_text = text
        return state.search_text


_FOLLOW_UP = re.compile(
    r"^\W*(?:and|but|also|so|what about|how about|what if|same for|does that|is that|can they"
    r"|do they|is it|does it)\b|\b(?:it|they|them|that|this|those|these|he|she)\b",
    re.IGNORECASE,
)
#: A question with at most this many words to search for may lean on the one before.
FOLLOW_UP_TERMS = 4


@dataclass
class OfflineRephrase:
    """A short follow-up ("and what records?") searched together with the question before
    it; with a model, `Rephrase` rewrites it instead."""

    name: str = "rephrase"

    async def __call__(self, state: AskState) -> str:
        if not state.history:
            return "no history"
        asked = state.search_text  # the question without markup
        short = len(terms([asked])[0]) <= FOLLOW_UP_TERMS
        if short or _FOLLOW_UP.search(asked):
            state.search_text = f"{checks.without_markup(state.history[-1].question)} {asked}"
            return "searched with the previous question"
        return "stands alone"


#: Told from English: Welsh, which GOV.UK publishes in and Welsh businesses write in. The
#: embedding model reads only English, so a Welsh question found the wrong pages ("how much
#: sick pay must I pay" answered from Jobseeker's Allowance); it is told so instead.
OTHER_LANGUAGES = ("cy",)


@cache
def _language_detector() -> LanguageDetector:
    return LanguageDetector(["en", *OTHER_LANGUAGES])


def _not_english(state: AskState) -> bool:
    """Stop a question written, surely, in another language (a greeting in it passes)."""
    if _language_detector().detect([state.search_text])[0] == "en":
        return False
    state.stop(Status.NOT_ENGLISH, reply(Status.NOT_ENGLISH))
    return True


@dataclass
class OfflineRouter:
    """Greetings, questions in another language and questions with no words to search for,
    told apart without a model."""

    name: str = "route"

    async def __call__(self, state: AskState) -> str:
        if _GREETING.match(state.question):
            _greet(state)
            return "greeting"
        if _not_english(state):
            return "not English"
        if not terms([state.search_text])[0]:
            state.stop(Status.UNCLEAR, reply(Status.UNCLEAR))
            return "no words to search for"
        return "genuine_question"


@dataclass
class ModelRouter:
    """The model's label for the question, acted on when it is confident."""

    model: StructuredModel
    name: str = "route"

    async def __call__(self, state: AskState) -> str:
        if _GREETING.match(state.question):
            _greet(state)
            return "greeting"
        if _not_english(state):
            return "not English"
        route = await self.model.ask(prompts.route(state.search_text), "ask_route")
        status = _ROUTE_STATUS.get(route.label)
        if status is not None and route.confidence >= ROUTE_CONFIDENCE:
            state.stop(status, reply(status))
        return f"{route.label} ({route.confidence:.2f})"


@dataclass
class Retrieve:
    """The relevant passages; none relevant enough: the guidance does not cover it."""

    index: PassageIndex
    embed: Callable[[str], np.ndarray]
    relevance: Relevance
    limit: int
    candidates: int
    name: str = "retrieve"

    async def __call__(self, state: AskState) -> str:
        if unknown := self.index.unmentioned(state.search_text):
            state.stop(Status.NO_GUIDANCE, reply(Status.NO_GUIDANCE))
            return "the guidance never mentions " + ", ".join(f"'{name}'" for name in unknown)
        searched = self.index.spelled_out(state.search_text)
        query = self.index.query(searched, self.embed(searched))
        state.hits = self.index.search(
            query, limit=self.limit, candidates=self.candidates, relevance=self.relevance
        )
        # What was searched, where a spelling was put right or an acronym spelled out.
        how = f"searched as '{searched}': " if searched != state.search_text else ""
        if not state.hits:
            state.stop(Status.NO_GUIDANCE, reply(Status.NO_GUIDANCE))
            confirmed = self.index.confirmed(query, self.relevance.confirm_depth)
            threshold = self.relevance.threshold_for(confirmed)
            raised = threshold > self.relevance.threshold
            why = ", raised as searches by words and by meaning found different pages"
            return (
                f"{how}no passage reached the relevance threshold ({threshold:.2f}"
                f"{why if raised else ''})"
            )
        return f"{how}{_passages(len(state.hits))}, best relevance {state.hits[0].relevance:.3f}"


def _passages(count: int) -> str:
    return f"{count} passage" + ("s" if count != 1 else "")


def _answer_offline(state: AskState, index: PassageIndex, sentences: int) -> None:
    query = index.query(state.search_text, np.zeros(0, dtype=np.float32))
    state.answer, state.sources = extractive_answer(state.hits, index, query, sentences)
    state.status = Status.ANSWERED


@dataclass
class ExtractiveAnswer:
    """Quotes from the best passages, trimmed to the sentences about the question."""

    index: PassageIndex
    sentences: int
    name: str = "compose"

    async def __call__(self, state: AskState) -> str:
        _answer_offline(state, self.index, self.sentences)
        return f"quoted {_passages(len(state.sources))}"


@dataclass
class ModelAnswer:
    """The model's answer from the passages, its link tokens mapped back to real links."""

    model: StructuredModel
    index: PassageIndex
    sentences: int
    name: str = "compose"

    async def __call__(self, state: AskState) -> str:
        context = linked_context(state.hits)
        try:
            composed = await self.model.ask(
                prompts.compose(redact(state.search_text, names=None).text, context.passages),
                "ask_compose",
            )
        except MODEL_FAILURES as error:
            _answer_offline(state, self.index, self.sentences)
            return f"model failed ({type(error).__name__}); quoted the guidance instead"
        answer, sources = map_links(composed.answer, composed.sources_used, context)
        if not answer or not sources:
            _answer_offline(state, self.index, self.sentences)
            return "the model cited no passage; quoted the guidance instead"
        state.answer, state.sources, state.status = answer, sources, Status.ANSWERED
        return f"cited {len(sources)} of {len(context.sources)} passages" + (
            "" if composed.complete else "; the model said the guidance answers it only in part"
        )


@dataclass
class AnswerChecks:
    """One call testing the answer against the rules (unsupported, political, personal
    data, advice, style); personal data in the answer is also caught by pattern, except
    what the retrieved passages hold themselves (a helpline number, an office's address)."""

    model: StructuredModel
    index: PassageIndex
    sentences: int
    name: str = "answer_checks"

    async def __call__(self, state: AskState) -> str:
        # A number or address the passages hold (HMRC's helpline) is the guidance's own.
        guidance = [
            part
            for hit in state.hits
            for part in (hit.passage.title, *hit.passage.headings, hit.passage.text)
        ]
        if checks.personal_data(state.answer, public=guidance):
            state.stop(Status.ANSWER_CHECK_FAILED, reply(Status.ANSWER_CHECK_FAILED))
            return "personal data in the answer"
        context = linked_context(state.hits)
        try:
            result = await self.model.ask(
                prompts.answer_check(state.search_text, state.answer, context.passages),
                "ask_answer_check",
            )
        except MODEL_FAILURES as error:
            _answer_offline(state, self.index, self.sentences)
            return f"model failed ({type(error).__name__}); quoted the guidance instead"
        broken = sorted(set(result.triggered) & set(prompts.ANSWER_RULES))
        if broken:
            state.stop(Status.ANSWER_CHECK_FAILED, reply(Status.ANSWER_CHECK_FAILED))
            return "broke rules " + ", ".join(map(str, broken))
        return ""


class AskPipeline:
    """Runs the steps in order until one stops the question."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = list(steps)

    async def run(self, question: str, history: Sequence[Turn] = ()) -> AskState:
        state = AskState(question=question, history=list(history))
        for step in self.steps:
            started = time.perf_counter()
            try:
                detail = await step(state)
            except MODEL_FAILURES as error:
                detail = f"model failed ({type(error).__name__}); step skipped"
            ms = round((time.perf_counter() - started) * 1000, 1)
            outcome = (
                str(state.status) if state.status and state.status != Status.ANSWERED else "passed"
            )
            state.steps.append(StepRecord(step.name, outcome, detail, ms))
            if state.stopped and state.status != Status.ANSWERED:
                break
        return state


@dataclass(frozen=True)
class AskOptions:
    """The knobs the steps share (from `AskSettings`)."""

    relevance: Relevance
    max_chars: int = 500
    limit: int = 5
    candidates: int = 80
    sentences: int = 4


def offline_steps(
    index: PassageIndex, embed: Callable[[str], np.ndarray], options: AskOptions
) -> list[Step]:
    return [
        InputChecks(options.max_chars),
        GuardrailPatterns(),
        OfflineRephrase(),
        OfflineRouter(),
        Retrieve(index, embed, options.relevance, options.limit, options.candidates),
        ExtractiveAnswer(index, options.sentences),
    ]


def model_steps(
    model: StructuredModel,
    index: PassageIndex,
    embed: Callable[[str], np.ndarray],
    options: AskOptions,
) -> list[Step]:
    return [
        InputChecks(options.max_chars),
        GuardrailPatterns(),
        JailbreakCheck(model),
        Rephrase(model),
        ModelRouter(model),
        Retrieve(index, embed, options.relevance, options.limit, options.candidates),
        ModelAnswer(model, index, options.sentences),
        AnswerChecks(model, index, options.sentences),
    ]


__all__ = [
    "AskOptions",
    "AskPipeline",
    "AskState",
    "Source",
    "Status",
    "Turn",
    "model_steps",
    "offline_steps",
]
