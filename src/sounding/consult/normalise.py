"""Text clean-up and recognition of blanks and non-answers.

Non-answers ("n/a", "no comment", "see previous answer") are counted but never themed:
clustering them would create a confident-looking theme that says nothing.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\ufeff]")
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w\s]+")
_HAS_LETTER = re.compile(r"[^\W\d_]")

# Matched against `dedup_key` form: lower case, punctuation turned to spaces ("n/a" -> "n a").
NON_ANSWERS = re.compile(
    r"""^(?:
        n\ ?a | nil | none | nothing | no | nope | null | blank | pass | tbc
      | not\ applicable | no\ comments? | no\ further\ comments? | nothing\ (?:further\ )?to\ add
      | nothing\ more\ to\ (?:add|say) | no\ opinion | no\ views? | not\ sure | unsure | idk
      | don\ ?t\ know | do\ not\ know | no\ answer | see\ above | as\ above
      | see\ (?:my\ )?(?:previous|earlier|above|prior)\ (?:answers?|responses?|comments?)
      | (?:as\ )?(?:per|see)\ (?:q|question)\ ?\d+ | same\ as\ (?:above|before)
    )$""",
    re.VERBOSE,
)


def clean(text: str) -> str:
    """Canonical form used for analysis: NFKC, control characters removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub("", text)
    return _SPACE.sub(" ", text).strip()


def dedup_key(text: str) -> str:
    """Key under which two responses count as exact duplicates (case, punctuation, spacing)."""
    return _SPACE.sub(" ", _NOT_WORD.sub(" ", text.casefold())).strip()


def blank_reason(cleaned: str) -> str | None:
    """Why a cleaned response is a non-answer, or None if it is substantive."""
    if not cleaned:
        return "empty"
    if not _HAS_LETTER.search(cleaned):
        return "no words"
    if NON_ANSWERS.match(dedup_key(cleaned)):
        return "non-answer"
    return None
