"""How much of a theme's wording a response uses: the one word-level signal of the learned
matcher.

Sentence embeddings of a small model blur points that share a topic ("cost of fees" and
"cost of living"); a response that repeats a theme's rarer words is more often coded to it
by people. Coverage is weighted by how rare each word is among the responses compared, so
the question's own topic words count for little. Words are stemmed and stop words dropped
the way retrieval does it (`sounding.retrieval.lexical.terms`).

Only a label that states a point has wording worth matching: "Fees are too high for small
firms" is echoed by the answers that make that point, while a label that names a topic
("Housing", "Civil rights") is met by answers on many topics that use the word in passing
("the House"), so such labels are matched on meaning alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sounding.retrieval.lexical import rarity, terms


def word_coverage(texts: Sequence[str], themes: Sequence[str]) -> np.ndarray:
    """n×m: the share of each theme's words (weighted by rarity among `texts`) that each
    text uses; 0 where a theme has no words."""
    return _coverage(_word_sets(texts), _word_sets(themes))


def _word_sets(texts: Sequence[str]) -> list[set[str]]:
    return [set(words) for words in terms(list(texts))] if texts else []


def _coverage(text_words: list[set[str]], theme_words: list[set[str]]) -> np.ndarray:
    n = len(text_words)
    frequency = Counter(word for words in text_words for word in words)
    weights = [{word: rarity(frequency.get(word, 0), n) for word in words} for words in theme_words]
    coverage = np.zeros((n, len(theme_words)))
    for j, w in enumerate(weights):
        total = sum(w.values())
        if not total:
            continue
        for i, words in enumerate(text_words):
            shared = words & w.keys()
            if shared:
                coverage[i, j] = sum(w[word] for word in shared) / total
    return coverage


#: Fewest distinct words (stemmed, stop words dropped) of a label that states a point; one
#: or two name a topic.
POINT_WORDS = 3


@dataclass(frozen=True)
class WordEvidence:
    """Word coverage of each theme's label by each response (n×m), and which labels state
    a point (m), the only ones whose coverage the matcher uses."""

    coverage: np.ndarray
    stated: np.ndarray


def word_evidence(texts: Sequence[str], labels: Sequence[str]) -> WordEvidence:
    label_words = _word_sets(labels)
    stated = np.array([len(words) >= POINT_WORDS for words in label_words], dtype=bool)
    return WordEvidence(_coverage(_word_sets(texts), label_words), stated.reshape(len(labels)))
