"""The points a near-duplicate adds to the response it copies.

A campaign's letter, or any answer repeated nearly word for word, is read once, through its
first response, and each copy counts towards that response's themes. Some respondents add
a sentence of their own to the letter ("I like that there is a small shop planned"), and
analysts code that point too: counted only with the letter's themes, a planning
consultation had lost it. `added_sentences` finds such sentences, and the pipeline scores
them against the question's themes as it scores a response's sentences.
"""

from __future__ import annotations

from sounding.consult.discover import split_sentences
from sounding.consult.duplicates import shingles
from sounding.consult.normalise import dedup_key
from sounding.consult.points import POINT_MIN_WORDS, is_point

#: Share of a sentence's word sequences (`shingles`) the copied response may hold for the
#: sentence to count as the copy's own: an edited sentence of the letter ("I strongly
#: object" for "I object") makes no new point.
OWN_SHARE = 0.5


def added_sentences(copied: str, text: str) -> list[str]:
    """The sentences of `text`, a near-duplicate of `copied`, that are its own and stand as
    points (`is_point`): most of their word sequences are not in `copied`."""
    held = shingles(dedup_key(copied))
    added = []
    for sentence in split_sentences(text):
        own = shingles(dedup_key(sentence))
        if not own or len(own & held) > OWN_SHARE * len(own):
            continue
        if is_point(sentence, POINT_MIN_WORDS):
            added.append(sentence)
    return added
