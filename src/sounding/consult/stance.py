"""Reading a stance from a linked closed answer such as "Yes", "Strongly disagree" or "+1"."""

from __future__ import annotations

import re

from sounding.consult.model import Stance

_AGREE = re.compile(
    r"^(?:yes|y|agree|strongly agree|tend to agree|somewhat agree|support|"
    r"strongly support|in favour|for|pro|\+?1|true)$"
)
_DISAGREE = re.compile(
    r"^(?:no|n|disagree|strongly disagree|tend to disagree|somewhat disagree|"
    r"oppose|strongly oppose|against|con|-1|false)$"
)


def parse_stance(answer: str | None) -> Stance | None:
    """Agree, disagree, neutral for any other non-empty answer, None when there is no answer."""
    if answer is None:
        return None
    key = re.sub(r"\s+", " ", answer.strip().casefold().replace("’", "'"))
    if not key:
        return None
    if _AGREE.match(key):
        return Stance.AGREE
    if _DISAGREE.match(key):
        return Stance.DISAGREE
    return Stance.NEUTRAL
