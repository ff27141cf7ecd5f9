"""Misspelt words put right from a collection's own words, so a typo does not cost a
question its answer, nor an answer its theme.

People type quickly: "jury servise", "maternaty leave", "imigration", "Potholles". A
misspelt word is lost to word search (no passage holds it) and blurs the sentence
embedding: on Ask's question set such questions were refused as not covered, and in a
survey of one-word answers each misspelling formed a theme of its own. A word is corrected
only when it is no English word (pyspellchecker's dictionary), is not one of the
collection's words, and exactly one of its near spellings is (a word and its plural count
as one): "cafe" (near "care", "case" and "safe") and names ("Testford") are left as typed,
and a word the collection never uses is never introduced. Ask's collection is the
guidance's words; Consult's is a question's answers' English words and the words many of
them use (`answer_words`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import cache

from spellchecker import SpellChecker

from sounding.retrieval.british import british_forms

#: Words as a question holds them; "hadn't" stays one word, so its "hadn" is no typo.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Shorter words have too many near spellings to choose between.
_SHORTEST = 4


def _fold(word: str) -> str:
    """Lower case without accents: "Café" and "cafe" are one word."""
    if word.isascii():
        return word.lower()  # the same, without decomposing each letter (most words)
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def english_dictionary() -> SpellChecker:
    """pyspellchecker's English dictionary with the British spellings of its words
    (`british_forms`), loaded once per process (about 37 MB, 0.3 s) on the first word that
    needs it; redaction reads its word frequencies too."""
    checker = SpellChecker(language="en", distance=1)
    frequency = checker.word_frequency
    frequency.load_json(british_forms(frequency.dictionary))
    frequency.load_json(dict.fromkeys(NEWER_WORDS, NEWER_WORD_FREQUENCY))
    return checker


#: Words respondents use that the dictionary's sources predate: "The app is brilliant for
#: booking" was taken for a typo, and a rare "vaping" could be put right to another word.
NEWER_WORDS = (
    "app", "apps", "wifi", "covid", "lockdown", "lockdowns", "vape", "vapes", "vaping",
    "vaper", "vapers", "smartphone", "smartphones", "ebike", "ebikes", "selfie", "selfies",
    "whatsapp", "ebook", "ebooks", "chatbot", "chatbots",
)  # fmt: skip
#: How common a newer word counts as: well above `ENGLISH_FREQUENCY`, far below everyday
#: words, so it is English but never the likelier of two near spellings.
NEWER_WORD_FREQUENCY = 1_000


#: How common (pyspellchecker's frequency) a word must be to count as English: the rarer
#: entries include abbreviations and fragments ("pip", "th", "st").
ENGLISH_FREQUENCY = 100


def is_english(word: str) -> bool:
    """Whether `word` (lower case) is an English word of some currency."""
    return bool(english_dictionary().word_frequency[word] >= ENGLISH_FREQUENCY)


def word_forms(word: str) -> set[str]:
    """A lower-case word and what it would be without a plural's ending ("houses": "house",
    "buses": "bus", "libraries": "library"), so two words match where their forms meet,
    whichever number each is in."""
    forms = {word}
    if word.endswith("s") and len(word) > 3:
        forms.add(word[:-1])
        if word.endswith("es"):
            forms.add(word[:-2])
        if word.endswith("ies"):
            forms.add(word[:-3] + "y")
    return forms


def is_spelt(word: str) -> bool:
    """Whether the dictionary knows `word` (lower case), or it without a possessive or a
    plural's ending ("women's", "councils"). Any entry will do, however rare
    ("institutionally"), but a word of one or two letters must be English: "th" and "st"
    are entries too."""
    if len(word) <= 2:
        return is_english(word)
    frequency = english_dictionary().word_frequency
    stem = word.removesuffix("'s")
    return any(frequency[form] > 0 for form in word_forms(stem))


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Every word the texts use, folded."""
    return frozenset(_fold(w) for text in texts for w in _WORD.findall(text))


def _singular(word: str, among: set[str]) -> str:
    """`word` less a plural ending, where the singular is among `among` too."""
    for ending in ("es", "s"):
        if word.endswith(ending) and word[: -len(ending)] in among:
            return word[: -len(ending)]
    return word


def answer_words(texts: Iterable[str], min_texts: int = 3) -> frozenset[str]:
    """The words (folded) of a question's answers that a misspelling may be put right to,
    and that are never taken for one: their English words, and any word at least
    `min_texts` answers use ("nhs", "brexit"). One answer's "recycling" puts another's
    "recyling" right; a misspelling that several people make is the question's own word."""
    counts = Counter(w for text in texts for w in {_fold(w) for w in _WORD.findall(text)})
    english = english_dictionary().known(counts) if counts else set()
    return frozenset(w for w, n in counts.items() if n >= min_texts or w in english)


@cache
def _frequencies() -> dict[str, int]:
    """The dictionary's word frequencies, read directly: `_swapped` asks of every word."""
    counts: dict[str, int] = english_dictionary().word_frequency.dictionary
    return counts


#: How common (pyspellchecker's frequency) a word must be for a short non-word that is it
#: with two letters swapped to be put right: "the", "and", "with", "what" (over a million),
#: not "saw" or "abs".
COMMON_FREQUENCY = 1_000_000


def _swapped(word: str) -> str | None:
    """The very common word (`COMMON_FREQUENCY`) that `word`, of three letters or more and
    in no dictionary, is with two neighbouring letters swapped ("teh", "adn", "wiht"), if
    there is one: the commonest slip in typing. Other short misspellings have too many near
    words to put right ("youf" is "you" or "youth")."""
    if len(word) < 3:
        return None
    frequency = _frequencies()
    if word in frequency:
        return None
    found = {
        swapped
        for i in range(len(word) - 1)
        if frequency.get(swapped := word[:i] + word[i + 1] + word[i] + word[i + 2 :], 0)
        >= COMMON_FREQUENCY
    }
    return found.pop() if len(found) == 1 else None


def corrected(text: str, words: frozenset[str], shortest: int = _SHORTEST) -> str:
    """`text` with each misspelt word of at least `shortest` letters replaced by the one
    word of `words` it is near, or by the very common word it is with two letters swapped
    (`_swapped`); and each shorter word that is such a slip put right, however many answers
    make it ("teh" is never a question's own word)."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        folded = _fold(word)

        def as_typed(right: str) -> str:
            return right.capitalize() if word[0].isupper() else right

        if word.isupper() or (word[0].isupper() and match.start() > 0):
            return word  # an acronym or a name
        if len(folded) < shortest:
            swapped = _swapped(folded)
            return as_typed(swapped) if swapped else word
        if folded in words or "'" in word or "’" in word:
            return word
        english = english_dictionary()
        if english.known([folded]):
            return word
        if not word.isascii():
            # A letter English spelling has no use for ("płacę", "miesięcznie"): a word of
            # another language, in an answer too short to be told as one; a staff survey's
            # label had read "pace 60 funtów".
            return word
        if swapped := _swapped(folded):
            return as_typed(swapped)
        near = {c for c in english.candidates(folded) or () if c in words}
        if len(near) > 1 and len({_singular(c, near) for c in near}) == 1:
            # One word and its plural ("potholse": "pothole", "potholes"): the one of the
            # misspelling's length.
            near = {min(near, key=lambda c: (abs(len(c) - len(folded)), c))}
        if len(near) != 1:
            return word
        (right,) = near
        return as_typed(right)

    return _WORD.sub(fix, text)
