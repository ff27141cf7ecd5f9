"""Which language each answer is written in, among the few a consultation expects.

Welsh public bodies receive answers in Welsh and English. Telling them apart decides how a
question is embedded (a question with answers in more than one language needs the
multilingual model, so that the same point made in two languages shares a theme) and lets
the report count answers per language. Detection is `lingua`'s (offline, statistical
models shipped in the package), restricted to the expected languages: that is both faster
and surer than choosing among 75. An answer too short or too mixed to tell ("OK", "Covid")
counts as the first, main language, and so does a short one whose words are the main
language's as the other answers spell them, but for a typo ("econmy" among "economy").
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from sounding.embeddings.base import Embedder, normalise_rows
from sounding.errors import SoundingError
from sounding.progress import Progress

if TYPE_CHECKING:
    from lingua import LanguageDetector as Lingua

#: The longest answer checked for being a typo of the main language (in words).
TYPO_WORDS = 3
#: How alike a word must be to one of the main language's answers to be its typo (see
#: `difflib.SequenceMatcher.ratio`: "econmy" and "economy" score 0.92).
TYPO_LIKENESS = 0.85
_WORD = re.compile(r"[^\W\d_]+")

#: Languages other than the expected ones that answers in the UK are often written in (the
#: main languages after English and Welsh in the 2021 census): an answer the expected
#: languages cannot explain is checked against them, so a Polish or Romanian answer is
#: counted as such rather than as Welsh, the nearer of English and Welsh to it, and an
#: answer in Arabic script is not counted as English.
OTHER_LANGUAGES = (
    "pl", "ro", "pa", "ur", "pt", "es", "ar", "bn", "gu", "it", "lt", "fr", "zh", "ta", "tr",
    "de", "so", "fa", "ru", "uk", "hi",
)  # fmt: skip
#: A letter outside plain ASCII ("ł", "ș", "ع"): an answer holding one that the expected
#: languages cannot tell is checked against `OTHER_LANGUAGES` rather than left in the main
#: language ("Profesorii sunt foarte buni și îmi place cursul"). One they
#: can tell keeps their answer: "Crème brûlée in the canteen" is English.
_NOT_ASCII = re.compile(r"[^\W\d_A-Za-z]")
#: ... and has this many words: "Jalapeño pizza" or "Señor" is too short to call Spanish.
_UNSURE_WORDS = 3
#: An answer in plain letters that the expected languages cannot tell is checked too from
#: this many words: Somali is written in them, and a tenants' survey's Somali answers
#: ("Kuleyliyaha guriga wuu jabay muddo saddex toddobaad ah") had counted as English.
_UNSURE_PLAIN = 5
#: A letter of a script other than Latin ("ع", "食"), which the expected languages, written in
#: Latin letters, never explain: checked however short (Chinese has no spaces to count).
_OTHER_SCRIPT = re.compile(r"[^\W\d_\u0000-\u024f\u1e00-\u1eff]")

#: Names for the report, by ISO 639-1 code; other codes are shown as lingua names them.
NAMES = {"en": "English", "cy": "Welsh", "ga": "Irish", "gd": "Scottish Gaelic"}


def language_name(code: str) -> str:
    """The language's English name for a reader ("cy" -> "Welsh")."""
    if code in NAMES:
        return NAMES[code]
    from lingua import IsoCode639_1, Language

    try:
        return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()
    except AttributeError:
        return code


class LanguageDetector:
    """Detects each text's language among `languages` (ISO 639-1 codes, the main one first).

    `min_distance`: how much surer lingua must be of one language than of the next before
    an answer is taken out of the main language (0 to 1). Short English answers with typos
    ("home caerrs", "deilvereis") look Welsh to a model that knows only the two: at 0.25,
    9 of 72,450 distinct demo answers were taken for Welsh, at 0.85 one in 229,973, while
    real Welsh answers of one or two words ("Rhy ddrud", "Cytuno") score over 0.9."""

    def __init__(self, languages: Sequence[str], min_distance: float = 0.85) -> None:
        if len(languages) < 2:
            raise ValueError("Detecting a language needs at least two to choose from.")
        self.languages = [code.lower() for code in languages]
        self.main = self.languages[0]
        self.min_distance = min_distance

    @cached_property
    def _detector(self) -> Lingua:
        return self._build(self.languages)

    @cached_property
    def _wider(self) -> Lingua:
        return self._build(self._wider_languages, self.min_distance)

    @cached_property
    def _likeliest(self) -> Lingua:
        """The wider choice with no margin asked: for a script none of the expected
        languages writes in, the likeliest language is a better guess than the main one."""
        return self._build(self._wider_languages, 0.0)

    @property
    def _wider_languages(self) -> list[str]:
        return [*self.languages, *(c for c in OTHER_LANGUAGES if c not in self.languages)]

    def _build(self, languages: Sequence[str], min_distance: float | None = None) -> Lingua:
        try:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder
        except ImportError as exc:
            raise SoundingError(
                "Telling languages apart needs the package lingua-language-detector.",
                "Install it with: pip install lingua-language-detector, or set "
                'consult.languages = ["en"] to treat every answer as English.',
            ) from exc
        chosen = []
        for code in languages:
            iso = getattr(IsoCode639_1, code.upper(), None)
            if iso is None:
                raise SoundingError(
                    f"Unknown language code '{code}' in consult.languages.",
                    "Use ISO 639-1 codes, such as en (English) and cy (Welsh).",
                )
            chosen.append(Language.from_iso_code_639_1(iso))
        return (
            LanguageDetectorBuilder.from_languages(*chosen)
            .with_minimum_relative_distance(
                self.min_distance if min_distance is None else min_distance
            )
            .build()
        )

    def detect(self, texts: Sequence[str]) -> list[str]:
        """One ISO 639-1 code per text; the main language where it cannot tell."""
        found = self._detector.detect_languages_in_parallel_of(list(texts))
        codes = [
            self.main if language is None else language.iso_code_639_1.name.lower()
            for language in found
        ]
        # Answers the expected languages cannot tell, in letters none of them writes with
        # ("și", "ł", "ع"): maybe in another language (`_others`).
        unsure = [
            language is None
            and (
                bool(_OTHER_SCRIPT.search(text))
                or len(text.split())
                >= (_UNSURE_WORDS if _NOT_ASCII.search(text) else _UNSURE_PLAIN)
            )
            for text, language in zip(texts, found, strict=True)
        ]
        if all(code == self.main for code in codes):
            return self._others(texts, codes, unsure)
        # Short answers taken out of the main language, their words run together: one with
        # a space in the wrong place ("townc entre") is words of the main language run
        # together the same way ("town centre").
        tokens = [_words(text) for text in texts]
        suspects = {
            "".join(own)
            for own, code in zip(tokens, codes, strict=True)
            if code != self.main and 1 < len(own) <= TYPO_WORDS
        }
        words: dict[str, set[str]] = {}  # the main language's words, by first letter
        for own, code in zip(tokens, codes, strict=True):
            if code == self.main:
                for word in own:
                    words.setdefault(word[0], set()).add(word)
                for size in range(2, TYPO_WORDS + 1) if suspects else ():
                    for start in range(len(own) - size + 1):
                        joined = "".join(own[start : start + size])
                        if joined in suspects:
                            words.setdefault(joined[0], set()).add(joined)
        codes = [
            self.main if code != self.main and _typo_of(text, words) else code
            for text, code in zip(texts, codes, strict=True)
        ]
        return self._others(texts, codes, unsure)

    def _others(self, texts: Sequence[str], codes: list[str], unsure: list[bool]) -> list[str]:
        """`codes`, where an answer taken out of the main language, or one `unsure`, is
        surely in a language not expected (`OTHER_LANGUAGES`), with that one's. Only those
        answers are checked again: a detector of twenty languages takes five times as long
        as one of two, and the main language's answers need no second look."""
        check = [
            i
            for i, (code, doubt) in enumerate(zip(codes, unsure, strict=True))
            if code != self.main or doubt
        ]
        if not check:
            return codes
        found = self._wider.detect_languages_in_parallel_of([texts[i] for i in check])
        script = [
            k for k, i in enumerate(check) if found[k] is None and _OTHER_SCRIPT.search(texts[i])
        ]
        if script:
            likeliest = self._likeliest.detect_languages_in_parallel_of(
                [texts[check[k]] for k in script]
            )
            for k, language in zip(script, likeliest, strict=True):
                found[k] = language
        codes = list(codes)
        for i, language in zip(check, found, strict=True):
            code = language.iso_code_639_1.name.lower() if language is not None else None
            if code is not None and code not in self.languages:
                codes[i] = code
        return codes


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _typo_of(text: str, words: dict[str, set[str]]) -> bool:
    """Whether a short answer is in the main language but for a typo: each of its words of
    four letters or more is one the main language's answers use, or nearly (`words`, by
    first letter, which a typo seldom changes). Short answers with typos ("econmy") look
    like another language to a statistical model, where a word of the other language
    ("Cytuno", "Heddlu") is like none of the main one's answers."""
    own = _words(text)
    long = [w for w in own if len(w) >= 4]

    def known(word: str) -> bool:
        alike = words.get(word[0], set())
        return word in alike or bool(
            difflib.get_close_matches(word, alike, n=1, cutoff=TYPO_LIKENESS)
        )

    if not 0 < len(own) <= TYPO_WORDS or not long:
        return False
    # Word by word, or run together (`LanguageDetector.detect`): "townc entre" is "town
    # centre" with a space misplaced.
    return all(known(w) for w in long) or (len(own) > 1 and known("".join(own)))


def language_offsets(
    vectors: np.ndarray, languages: Sequence[str], main: str, shrink: float = 2.0
) -> dict[str, np.ndarray]:
    """How far each other language's answers sit from the main language's, to take away.

    Even a multilingual model keeps a direction per language: Welsh answers are nearer
    other Welsh answers on any point than English answers on the same point. Moving each
    language's answers so that their mean meets the main language's leaves what they say
    and removes the language. The offset is the difference of the two means, shrunk towards
    none by n / (n + `shrink`) for a language with n answers, since a handful of answers
    has a mean that is partly what they say. No offset where the main language is absent."""
    codes = np.asarray(languages)
    if not np.any(codes == main):
        return {}
    centre = vectors[codes == main].mean(axis=0)
    offsets = {}
    for code in sorted(set(languages) - {main}):
        rows = vectors[codes == code]
        offsets[code] = (rows.mean(axis=0) - centre) * (len(rows) / (len(rows) + shrink))
    return offsets


def remove_offsets(
    vectors: np.ndarray, languages: Sequence[str], offsets: dict[str, np.ndarray]
) -> np.ndarray:
    """`vectors` less their language's offset (`language_offsets`), at unit length again."""
    moved = np.array(vectors, dtype=np.float32)
    for row, code in enumerate(languages):
        if code in offsets:
            moved[row] -= offsets[code]
    return normalise_rows(moved, in_place=True)


class LanguageAligned:
    """An embedder whose vectors have their language's offset taken away: the texts a
    discoverer or a codebook embeds for a question (key points, labels) land in the same
    aligned space as the question's answers."""

    def __init__(
        self, inner: Embedder, detector: LanguageDetector, offsets: dict[str, np.ndarray]
    ) -> None:
        self.inner = inner
        self.detector = detector
        self.offsets = offsets

    @property
    def name(self) -> str:
        return self.inner.name

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        vectors = self.inner.embed(texts, progress)
        if not self.offsets or not len(texts):
            return vectors
        return remove_offsets(vectors, self.detector.detect(texts), self.offsets)
