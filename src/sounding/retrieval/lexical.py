"""Word-based ranking (BM25) over passages, with the stemming and stop words of English.

bm25s does the scoring on sparse matrices; this wrapper fixes one tokenisation for the
index, the question and the sentence picker, so "employees", "employee's" and "employing"
meet as one stem wherever words are compared.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import cache

import bm25s
import numpy as np
import Stemmer


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def terms(texts: Sequence[str]) -> list[list[str]]:
    """Each text as its stemmed words, English stop words removed."""
    tokens = bm25s.tokenize(
        list(texts), stopwords="en", stemmer=_stemmer(), return_ids=False, show_progress=False
    )
    return [list(words) for words in tokens]


def rarity(count: int, size: int) -> float:
    """Inverse document frequency of a stem found in `count` of `size` texts (BM25's,
    smoothed so a stem in every text still weighs a little)."""
    return math.log(1 + (size - count + 0.5) / (count + 0.5))


class LexicalIndex:
    """BM25 scores of every passage for a question, and how rare each stem is."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = len(texts)
        documents = terms(texts)
        self._bm25 = bm25s.BM25()
        if self.size:
            self._bm25.index(documents, show_progress=False)
        frequency = Counter(term for words in documents for term in set(words))
        self.idf = {term: rarity(count, self.size) for term, count in frequency.items()}
        #: The weight of a stem the collection never uses (rarer than any it does).
        self.unseen_idf = rarity(0, self.size)

    def scores(self, question_terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every passage (0 where no stem of the question occurs)."""
        known = [term for term in question_terms if term in self.idf]
        if not known or not self.size:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def weight(self, term: str) -> float:
        """How much a stem tells apart passages (inverse document frequency)."""
        return self.idf.get(term, self.unseen_idf)
