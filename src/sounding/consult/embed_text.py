"""What of a response the embedding model sees, and how its pieces make one vector.

The pipeline embeds a response's cleaned text with its misspellings put right from the
question's own words (`respelled`) and its contact details left out
(`without_contact_details`), in pieces of at most `max_words` words so no part of a long
response is ignored, and averages the pieces' vectors. Whatever else compares responses by
meaning (search) uses the same steps, so it compares the vectors the analysis compared, and
reads them back from the vector cache instead of computing them.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence

import numpy as np

from sounding.consult.normalise import clean
from sounding.privacy.redact import PLACEHOLDER, redact
from sounding.retrieval.spelling import answer_words, corrected

#: The shortest misspelt word put right: four letters have too many near words in a
#: question's answers ("youf club", slang for youth, became "you club"). Ask corrects from
#: four, as a guidance collection's words are many and a question's few.
MIN_CORRECTED_LETTERS = 5


#: An acronym written with full stops ("N.H.S", "U.K."): the model reads it letter by
#: letter, and its answers had made a theme of their own beside "NHS".
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Z]\.){1,}[A-Z]\b\.?")


def _undotted(text: str) -> str:
    return _DOTTED_ACRONYM.sub(lambda m: m.group().replace(".", ""), text)


def respelled(answers: Sequence[str], written_as_is: Container[int] = ()) -> list[str]:
    """A question's distinct answers with their misspellings put right from the answers'
    own words ("imigration" where others wrote "immigration"; see
    `retrieval.spelling.answer_words`) and acronyms written with full stops closed up
    ("N.H.S" as "NHS"), except those at the indices `written_as_is` (answers in another
    language than English, the dictionary's). The embedding model reads a misspelt word as
    another word: in a survey of one-word answers each misspelling made a theme of its own
    ("Infaltion" beside "Inflation")."""
    words = answer_words(answers)
    return [
        text
        if i in written_as_is
        else corrected(_undotted(text), words, shortest=MIN_CORRECTED_LETTERS)
        for i, text in enumerate(answers)
    ]


def as_read(answers: Sequence[str], written_as_is: Container[int] = ()) -> list[str]:
    """A question's distinct answers as the embedding model reads them: `respelled`, and
    without contact details (`without_contact_details`)."""
    return [without_contact_details(text) for text in respelled(answers, written_as_is)]


def split_long(text: str, max_words: int) -> list[str]:
    """Pieces of at most `max_words` words, so an over-long response is embedded whole."""
    words = text.split()
    if len(words) <= max_words:
        return [text]
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]


def pieces_to_embed(texts: Sequence[str], max_words: int) -> list[list[str]]:
    """The pieces the pipeline embeds for each response of a question whose texts, as
    given, are `texts` (all of them, as the misspellings put right depend on the others)."""
    cleaned = [clean(text) for text in texts]
    distinct = list(dict.fromkeys(cleaned))
    read_as = dict(zip(distinct, as_read(distinct), strict=True))
    return [split_long(read_as[text], max_words) for text in cleaned]


def mean_vector(pieces: Sequence[str], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """A response's vector from its pieces' (not yet scaled to unit length)."""
    if len(pieces) == 1:
        return vectors[pieces[0]]
    return np.asarray(np.mean([vectors[p] for p in pieces], axis=0))


#: Separators left with nothing between them once contact details are taken out.
_EMPTY_SEPARATORS = re.compile(r"(?:\s*[,;:/|-](?=\s*(?:[,;:/|.!?-]|$)))+|\s{2,}")


def without_contact_details(text: str) -> str:
    """`text` without the means of reaching its writer (`privacy.redact`: addresses,
    postcodes, phone numbers, email addresses and the like), which say nothing of its
    point: a tenants' survey's answers signed with addresses had clustered by them into a
    theme labelled "[ADDRESS_1]". Names stay: those the redaction finds by their form ("Fannie
    Mae", "Rocky Mountain") are often what a text is about, and leaving them out moved the
    bills' F1 by chance."""
    found = redact(text)
    if not found.redacted:
        return text

    def kept(match: re.Match[str]) -> str:
        return found.mapping.get(match.group(0), " ") if match.group(1) == "PERSON" else " "

    out = _EMPTY_SEPARATORS.sub(" ", PLACEHOLDER.sub(kept, found.text)).strip(" ,;:-|")
    return out or text
