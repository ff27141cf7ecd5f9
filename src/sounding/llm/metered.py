"""The model as a capability's stages see it: one `ask` per `Prompt`, with the run's totals.

`MeteredModel` calls a provider; `DryRunModel` answers without any network, with the
neutral answer the prompt's schema declares, and only counts what a real run would send,
so `--dry-run` walks the same path and estimates calls, tokens and cost before any
spending. Neither knows which capability's prompts it is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sounding.llm.estimate import count_message_tokens
from sounding.llm.prompt import A, Prompt
from sounding.llm.settings import LLMSettings

if TYPE_CHECKING:  # a provider's module may import its SDK, which offline runs never need
    from sounding.llm.providers import Provider


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
    """Real calls through a provider (see `sounding.llm.providers`)."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.usage = Usage()

    async def ask(self, prompt: Prompt[A], purpose: str) -> A:
        result = await self.provider.complete(
            prompt.messages, prompt.schema, purpose=purpose, prompt_version=prompt.version
        )
        self.usage.add(
            purpose, result.prompt_tokens, result.completion_tokens, result.cost, result.cached
        )
        return result.value


class DryRunModel:
    """Counts what would be sent and answers every item neutrally, so no call is repeated
    and callers keep what they had without a model."""

    dry_run = True

    def __init__(self, settings: LLMSettings | None = None) -> None:
        self.settings = settings
        self.usage = Usage()

    async def ask(self, prompt: Prompt[A], purpose: str) -> A:
        tokens_in = count_message_tokens(prompt.messages)
        tokens_out = prompt.schema.completion_tokens(prompt.asked)
        cost = self.settings.cost(tokens_in, tokens_out) if self.settings else 0.0
        self.usage.add(purpose, tokens_in, tokens_out, cost, cached=False)
        return prompt.schema.neutral(prompt.asked)
