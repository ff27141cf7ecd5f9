"""Token counts without a network connection.

Inspect's `mockllm/model` (what CI and offline checks run) counts tokens with tiktoken's
o200k_base encoding, which tiktoken downloads on first use; with no network every sample
then fails. Where the encoding cannot be loaded, counts fall back to an estimate of four
characters a token. Counts only feed usage figures and context compaction, never a score.
Installed when Inspect loads Sounding's entry point (`sounding.evaluate._registry`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

CHARS_PER_TOKEN = 4


@cache
def encoding_available() -> bool:
    """Whether tiktoken has (or can fetch) o200k_base; asked once per process."""
    try:
        import tiktoken

        tiktoken.get_encoding("o200k_base")
    except Exception:  # no network, no cache: any failure means "estimate instead"
        return False
    return True


def estimated_tokens(text: str) -> int:
    return max(1, len(text) // CHARS_PER_TOKEN)


def offline_counter(original: Callable[[str], int]) -> Callable[[str], int]:
    def count_text_tokens(text: str) -> int:
        return original(text) if encoding_available() else estimated_tokens(text)

    count_text_tokens.sounding_offline = True  # type: ignore[attr-defined]
    return count_text_tokens


def allow_offline_token_counts() -> None:
    """Replace Inspect's text token counter with one that works offline (idempotent)."""
    from inspect_ai.model import _model, _tokens

    if getattr(_tokens.count_text_tokens, "sounding_offline", False):
        return
    counter = offline_counter(_tokens.count_text_tokens)
    _tokens.count_text_tokens = counter  # type: ignore[assignment]
    _model.count_text_tokens = counter  # type: ignore[attr-defined,assignment]
