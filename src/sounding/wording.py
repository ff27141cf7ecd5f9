"""How Sounding puts things in words where several must be named in one sentence."""

from __future__ import annotations

from collections.abc import Sequence


def listed(items: Sequence[str]) -> str:
    """`items` as a sentence names them: "Welsh", "Arabic and Chinese", "Arabic, Chinese and
    Spanish" (not "Arabic and Chinese and Spanish"); empty for none."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
