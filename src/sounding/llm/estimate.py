"""Token counts without the provider's tokenizer, for `--dry-run` and servers that send none.

Exact counts need the provider's tokenizer, which may not be at hand offline, so this is a
heuristic: English runs at about 4 characters or 0.75 words per token, so we take the
larger of `chars / 4` and `words × 1.3`. That is within about 10–15% for prose on
GPT-style tokenizers and errs high on dense text (numbers, code, non-English), which is
the safe side for a budget.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

CHARS_PER_TOKEN = 4.0
TOKENS_PER_WORD = 1.3
TOKENS_PER_MESSAGE = 4  # role and separators added by chat formats


def count_tokens(text: str) -> int:
    """Heuristic token count: the larger of chars / 4 and words × 1.3 (see module doc)."""
    if not text:
        return 0
    by_chars = math.ceil(len(text) / CHARS_PER_TOKEN)
    by_words = math.ceil(len(text.split()) * TOKENS_PER_WORD)
    return max(by_chars, by_words)


def count_message_tokens(messages: Sequence[dict[str, Any]]) -> int:
    return sum(count_tokens(str(m.get("content") or "")) + TOKENS_PER_MESSAGE for m in messages)
