"""The model as Consult's LLM stages see it: one `ask`, with the run's totals kept.

`MeteredModel` calls the real client; `DryRunModel` answers without any network, with the
neutral answer each schema allows, and only counts what a real run would send, so
`--dry-run` walks the same path and estimates calls, tokens and cost before any spending.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from sounding.llm.estimate import count_message_tokens
from sounding.llm.settings import LLMSettings
from sounding.prompts import consult as prompts

if TYPE_CHECKING:  # the client imports `openai`, which offline analyses never need
    from sounding.llm.client import LLMClient

T = TypeVar("T", bound=BaseModel)

#: Rough answer sizes for estimates: tokens per coded response, per written theme, per
#: theme summary and per verdict on a pair or group of themes.
TOKENS_PER_CODING = 25
TOKENS_PER_THEME = 60
TOKENS_PER_SUMMARY = 90
TOKENS_PER_VERDICT = 15
TOKENS_PER_LISTED_ID = 4  # a response id in a one-call answer's lists


@dataclass
class Usage:
    calls: int = 0
    cached: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    by_purpose: dict[str, int] = field(default_factory=dict)

    def add(self, purpose: str, prompt: int, completion: int, cost: float, cached: bool) -> None:
        self.calls += 1
        self.cached += int(cached)
        self.prompt_tokens += prompt
        self.completion_tokens += completion
        self.cost += cost
        self.by_purpose[purpose] = self.by_purpose.get(purpose, 0) + 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "cached_calls": self.cached,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost": round(self.cost, 6),
            "calls_by_purpose": dict(sorted(self.by_purpose.items())),
        }


class MeteredModel:
    """Real calls through `LLMClient`, under the Consult prompts' version."""

    def __init__(self, client: LLMClient) -> None:
        self.client = client
        self.usage = Usage()

    async def ask(self, messages: list[dict], schema: type[T], purpose: str) -> T:
        result = await self.client.complete(
            messages, schema, purpose=purpose, prompt_version=prompts.VERSION
        )
        self.usage.add(
            purpose, result.prompt_tokens, result.completion_tokens, result.cost, result.cached
        )
        return result.value


class DryRunModel:
    """Counts what would be sent and answers every item neutrally, so no call is repeated:
    keep the offline labels, code nothing (the stages then keep the similarity coding),
    summarise nothing, merge and link nothing."""

    dry_run = True

    def __init__(self, settings: LLMSettings | None = None) -> None:
        self.settings = settings
        self.usage = Usage()

    async def ask(self, messages: list[dict], schema: type[T], purpose: str) -> T:
        prompt = count_message_tokens(messages)
        if schema is prompts.ResponseCodings:
            aliases = _aliases(messages, "responses")
            value: BaseModel = prompts.ResponseCodings(
                codings=[
                    prompts.ResponseCoding(response=a, themes=[], evidence_rich=False)
                    for a in aliases
                ]
            )
            completion = TOKENS_PER_CODING * len(aliases)
        elif schema is prompts.ThemeTexts:
            aliases = _aliases(messages, "groups")
            value = prompts.ThemeTexts(
                themes=[prompts.ThemeText(group=a, label="", description="") for a in aliases]
            )
            completion = TOKENS_PER_THEME * len(aliases)
        elif schema is prompts.ThemeSummaries:
            aliases = _aliases(messages, "themes")
            value = prompts.ThemeSummaries(
                summaries=[prompts.ThemeSummary(theme=a, majority="", minority="") for a in aliases]
            )
            completion = TOKENS_PER_SUMMARY * len(aliases)
        elif schema is prompts.QuestionThemes:
            groups = _aliases(messages, "groups")
            responses = RESPONSE_ID.findall(messages[-1]["content"])
            value = prompts.QuestionThemes(
                themes=[
                    prompts.GroupTheme(
                        group=g, label="", description="", majority="", minority="", responses=[]
                    )
                    for g in groups
                ],
                unthemed=responses,
                evidence_rich=[],
            )
            completion = (TOKENS_PER_THEME + TOKENS_PER_SUMMARY) * len(groups) + (
                TOKENS_PER_LISTED_ID * len(responses)
            )
        elif schema is prompts.Verdicts:
            aliases = _aliases(messages, "pairs") or _aliases(messages, "groups")
            value = prompts.Verdicts(
                verdicts=[prompts.Verdict(item=a, same=False) for a in aliases]
            )
            completion = TOKENS_PER_VERDICT * len(aliases)
        else:
            raise TypeError(f"No dry-run answer for {schema.__name__}")
        cost = self.settings.cost(prompt, completion) if self.settings else 0.0
        self.usage.add(purpose, prompt, completion, cost, cached=False)
        return value  # type: ignore[return-value]


RESPONSE_ID = re.compile(r'"(r\d+)":')


def _aliases(messages: list[dict], block: str) -> list[str]:
    """The ids inside a prompt's data block (what a real answer would have to cover)."""
    found = re.search(rf"<{block}>\n(.*)\n</{block}>", messages[-1]["content"], re.S)
    return list(json.loads(found.group(1))) if found else []
