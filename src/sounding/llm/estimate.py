"""Token and cost estimates for `--dry-run`: what an LLM run would send, with no network.

Exact counts need the provider's tokenizer. `tiktoken` fetches its encoding files from the
internet on first use, which these machines cannot do, so the default is a heuristic:
English runs at about 4 characters or 0.75 words per token, so we take the larger of
`chars / 4` and `words × 1.3`. That is within about 10–15% for prose on GPT-style
tokenizers and errs high on dense text (numbers, code, non-English), which is the safe side
for a budget. Pass `tiktoken_counter()` where the encoding files are cached locally.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from sounding.llm.settings import LLMSettings

if TYPE_CHECKING:
    from sounding.llm.client import LLMRequest

TokenCounter = Callable[[str], int]

CHARS_PER_TOKEN = 4.0
TOKENS_PER_WORD = 1.3
TOKENS_PER_MESSAGE = 4  # role and separators added by chat formats
DEFAULT_OUTPUT_TOKENS = 300


def count_tokens(text: str) -> int:
    """Heuristic token count: the larger of chars / 4 and words × 1.3 (see module doc)."""
    if not text:
        return 0
    by_chars = math.ceil(len(text) / CHARS_PER_TOKEN)
    by_words = math.ceil(len(text.split()) * TOKENS_PER_WORD)
    return max(by_chars, by_words)


def count_message_tokens(
    messages: Sequence[dict[str, Any]], counter: TokenCounter = count_tokens
) -> int:
    return sum(counter(str(m.get("content") or "")) + TOKENS_PER_MESSAGE for m in messages)


def tiktoken_counter(encoding: str = "o200k_base") -> TokenCounter | None:
    """An exact counter from `tiktoken`, or None when it is not installed or cannot load.

    Loading may try to download the encoding; call it only where that is acceptable or the
    tiktoken cache is already filled.
    """
    try:
        import tiktoken  # type: ignore[import-not-found]

        enc = tiktoken.get_encoding(encoding)
    except Exception:
        return None
    return lambda text: len(enc.encode(text, disallowed_special=()))


@dataclass
class DryRunEstimate:
    """Totals of the calls a run would make."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    calls_by_purpose: Counter[str] = field(default_factory=Counter)


class DryRunClient:
    """Stands in for `LLMClient`: same `complete`, records estimates, returns None, no network.

    The schema counts towards prompt tokens in both output modes: it is sent either as
    `response_format` or in the system message. Completion tokens are a fixed guess per
    call (`output_tokens`), since the answer's length is unknowable before asking.
    """

    def __init__(
        self,
        settings: LLMSettings,
        *,
        output_tokens: int = DEFAULT_OUTPUT_TOKENS,
        counter: TokenCounter = count_tokens,
    ) -> None:
        self.settings = settings
        self.output_tokens = output_tokens
        self.counter = counter
        self.estimate = DryRunEstimate()

    async def complete(
        self,
        messages: list[dict[str, Any]],
        schema: type[BaseModel],
        *,
        purpose: str,
        prompt_version: str,
    ) -> None:
        self._add(messages, schema, purpose)

    def run_many(
        self,
        requests: Sequence[LLMRequest[Any]],
        progress: Callable[[int], None] | None = None,
    ) -> list[None]:
        for request in requests:
            self._add(request.messages, request.schema, request.purpose)
            if progress is not None:
                progress(1)
        return [None] * len(requests)

    def _add(self, messages: list[dict[str, Any]], schema: type[BaseModel], purpose: str) -> None:
        tokens_in = count_message_tokens(messages, self.counter) + self.counter(
            json.dumps(schema.model_json_schema())
        )
        e = self.estimate
        e.calls += 1
        e.calls_by_purpose[purpose] += 1
        e.prompt_tokens += tokens_in
        e.completion_tokens += self.output_tokens
        e.cost += self.settings.cost(tokens_in, self.output_tokens)
