"""Words that set one cluster apart from the others (class-based TF-IDF).

Used to describe a theme ("Key terms: ...") and to guess cheaply which sentences of long
responses are worth embedding as its key point. Counting words needs nothing more than a
regular expression and a list of English function words; scikit-learn's CountVectorizer
did the same, but importing scikit-learn took 0.7 s, a tenth of analysing 1,000 responses.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

# Whole words, contractions included ("don't", "council's"), so a word is never cut at its
# apostrophe into a fragment such as "don" or "doesn".
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

#: Function words, and a few verbs as common, that say nothing about a theme (words under
#: three letters never count).
STOP_WORDS = frozenset(
    " ".join(
        [
            "about above across after afterwards again against all almost alone along already",
            "also although always among and another any anybody anyone anything anyway anywhere",
            "are around because been before beforehand behind being below beside besides between",
            "beyond both but can cannot could did does doing done down due during each either",
            "else elsewhere enough etc even ever every everybody everyone everything everywhere",
            "few for former formerly from further had has have having hence her here hereby",
            "herein hers herself him himself his how however into its itself just least less",
            "many may meanwhile might mine more moreover most mostly much must myself namely",
            "neither never nevertheless next nobody none noone nor not nothing now nowhere off",
            "often once one only onto other others otherwise our ours ourselves out over own per",
            "perhaps please quite rather really same several she should since some somebody",
            "someone something sometimes somewhere still such than that the their theirs them",
            "themselves then thence there thereafter thereby therefore therein these they this",
            "those though through throughout thus together too toward towards under unless until",
            "upon very via was well were what whatever when whenever where whereas wherever",
            "whether which while who whoever whole whom whose why will with within without would",
            "yet you your yours yourself yourselves",
            "back first get gets getting got last made make makes put puts take takes",
            # Titles, which say who was named, not what about ("Key terms: mrs").
            "mrs miss",
        ]
    ).split()
)


def words(text: str) -> list[str]:
    """The words of `text` that can characterise a theme: three letters or more, lower case,
    not function words."""
    found = []
    for word in _WORD.findall(text.lower()):
        word = word.replace("’", "'")
        if word.endswith("'s"):  # a possessive keeps its noun: "council's" -> "council"
            word = word[:-2]
        if "'" in word or len(word) < 3 or word in STOP_WORDS:
            continue  # contractions ("don't", "they're") are function words
        found.append(word)
    return found


@dataclass
class ClusterTerms:
    """Per cluster, how distinctive each word is of it: frequent in it, rare in the others."""

    terms: list[str]
    scores: np.ndarray
    counts: np.ndarray
    column: dict[str, int]

    @classmethod
    def fit(cls, cluster_docs: list[str]) -> ClusterTerms:
        """From one text per cluster (its members' words together)."""
        return cls._from_tallies([Counter(words(doc)) for doc in cluster_docs])

    @classmethod
    def fit_members(cls, clusters: list[list[str]]) -> ClusterTerms:
        """From each cluster's members, a word counted once per member that uses it: the
        words its members share, so one very long answer cannot set a theme's key terms."""
        return cls._from_tallies(
            [Counter(w for text in members for w in set(words(text))) for members in clusters]
        )

    @classmethod
    def _from_tallies(cls, tallies: list[Counter[str]]) -> ClusterTerms:
        terms = sorted(set().union(*tallies))
        column = {term: j for j, term in enumerate(terms)}
        counts = np.zeros((len(tallies), len(terms)))
        for row, tally in enumerate(tallies):
            for term, n in tally.items():
                counts[row, column[term]] = n
        idf = np.log(1 + counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1))
        scores = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) * idf
        return cls(terms, scores, counts, column)

    def top(self, top: int = 5) -> list[list[str]]:
        """Each cluster's most distinctive words that it uses more than once."""
        result = []
        for row, tally in zip(self.scores, self.counts, strict=True):
            ranked = np.argsort(-row, kind="stable")[:top]  # ties: alphabetical, as terms are
            result.append([self.terms[j] for j in ranked if tally[j] > 1])
        return result

    def closeness(self, cluster: int, sentences: list[str]) -> np.ndarray:
        """Cosine between each sentence's words and the cluster's distinctive words: a cheap
        first guess at which sentences say what the cluster says."""
        row = self.scores[cluster]
        norm = float(np.linalg.norm(row))
        result = np.zeros(len(sentences))
        if norm == 0:
            return result
        for k, sentence in enumerate(sentences):
            present = {self.column[w] for w in words(sentence) if w in self.column}
            if present:
                result[k] = row[list(present)].sum() / (np.sqrt(len(present)) * norm)
        return result
