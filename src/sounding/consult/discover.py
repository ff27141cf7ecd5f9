"""Offline theme discovery: cluster responses, then let the responses name their own themes.

For each stance separately, distinct responses are clustered (average-linkage, cosine).
A cluster becomes a theme whose label is a *key point*: the sentence, taken from the
cluster's own responses, that sits closest to the cluster's centre. Labels are therefore
readable statements a respondent actually made, never a bag of keywords, and need no LLM.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import CountVectorizer

from sounding.consult.model import Stance
from sounding.embeddings.base import Embedder, normalise_rows

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+|\s+-\s+")
LABEL_MIN_WORDS = 4
LABEL_MAX_WORDS = 30


@dataclass
class DiscoveryInput:
    """Distinct responses of one question: what discovery clusters and what it counts."""

    texts: list[str]
    vectors: np.ndarray
    weights: np.ndarray
    stances: list[Stance]


@dataclass
class ThemeSeed:
    """A discovered theme before it is counted: label, stance and the vectors to match on."""

    label: str
    description: str
    stance: Stance
    centroid: np.ndarray
    label_vector: np.ndarray
    members: list[int] = field(default_factory=list)


def split_sentences(text: str) -> list[str]:
    return [s.strip(" -•*\"'") for s in _SENTENCE_END.split(text) if s.strip(" -•*\"'")]


def _label_from(sentence: str) -> str:
    words = sentence.split()
    if len(words) > LABEL_MAX_WORDS:
        sentence = " ".join(words[:LABEL_MAX_WORDS]) + "…"
    sentence = sentence.rstrip(" ,;:")
    return sentence[:1].upper() + sentence[1:]


def key_terms(cluster_docs: list[str], top: int = 5) -> list[list[str]]:
    """Per cluster, words frequent in it and rare in the others (class-based TF-IDF)."""
    vectoriser = CountVectorizer(stop_words="english", token_pattern=r"(?u)\b[a-z]{3,}\b")
    try:
        counts = vectoriser.fit_transform([doc.lower() for doc in cluster_docs]).toarray()
    except ValueError:  # no usable words at all
        return [[] for _ in cluster_docs]
    counts = counts.astype(float)
    idf = np.log(1 + counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1))
    scores = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1) * idf
    terms = vectoriser.get_feature_names_out()
    result = []
    for row, tally in zip(scores, counts, strict=True):
        ranked = np.argsort(-row, kind="stable")[:top]  # ties: alphabetical, as terms are
        result.append([str(terms[i]) for i in ranked if tally[i] > 1])
    return result


@dataclass
class KeyPointDiscoverer:
    """Finds themes as clusters named by key points. Parameters are explicit and tunable.

    distance_threshold: cosine distance where clustering stops merging (lower: more themes).
    min_size: fewest responses (counting duplicates) for a cluster to become a theme.
    max_themes: most themes kept per stance, largest first.
    sample: most distinct responses clustered per stance; the rest are only assigned.
    """

    distance_threshold: float = 0.40
    min_size: int = 3
    max_themes: int = 30
    sample: int = 4000
    candidates_per_theme: int = 8
    seed: int = 0

    def discover(self, data: DiscoveryInput, embedder: Embedder) -> list[ThemeSeed]:
        seeds: list[ThemeSeed] = []
        for stance in (Stance.AGREE, Stance.DISAGREE, Stance.NEUTRAL):
            index = np.array([i for i, s in enumerate(data.stances) if s is stance], dtype=int)
            if len(index) == 0:
                continue
            seeds.extend(self._discover_side(data, index, stance, embedder))
        return seeds

    def _discover_side(
        self, data: DiscoveryInput, index: np.ndarray, stance: Stance, embedder: Embedder
    ) -> list[ThemeSeed]:
        if len(index) > self.sample:
            rng = np.random.default_rng(self.seed)
            index = np.sort(rng.choice(index, size=self.sample, replace=False))
        if data.weights[index].sum() < self.min_size:
            return []
        vectors = data.vectors[index]
        if len(index) == 1:
            labels = np.zeros(1, dtype=int)
        else:
            labels = AgglomerativeClustering(
                n_clusters=None,
                metric="cosine",
                linkage="average",
                distance_threshold=self.distance_threshold,
            ).fit_predict(vectors)
        clusters = []
        for label in np.unique(labels):
            members = index[labels == label]
            weight = float(data.weights[members].sum())
            if weight >= self.min_size:
                clusters.append((weight, int(members[0]), members))
        clusters.sort(key=lambda c: (-c[0], c[1]))
        clusters = clusters[: self.max_themes]
        return self._name_clusters(data, [c[2] for c in clusters], stance, embedder)

    def _name_clusters(
        self,
        data: DiscoveryInput,
        clusters: list[np.ndarray],
        stance: Stance,
        embedder: Embedder,
    ) -> list[ThemeSeed]:
        if not clusters:
            return []
        centroids = normalise_rows(np.vstack([data.vectors[m].mean(axis=0) for m in clusters]))
        # Candidate key points: sentences of the responses nearest each centre.
        candidates: list[tuple[int, str]] = []
        for c, members in enumerate(clusters):
            nearest = members[np.argsort(-(data.vectors[members] @ centroids[c]), kind="stable")]
            for i in nearest[: self.candidates_per_theme]:
                for sentence in split_sentences(data.texts[i]):
                    if LABEL_MIN_WORDS <= len(sentence.split()) <= 2 * LABEL_MAX_WORDS:
                        candidates.append((c, sentence))
        unique_sentences = sorted({s for _, s in candidates})
        vectors = embedder.embed(unique_sentences) if unique_sentences else np.zeros((0, 1))
        position = {s: i for i, s in enumerate(unique_sentences)}

        seeds = []
        terms_per_cluster = key_terms([" ".join(data.texts[i] for i in m) for m in clusters])
        for c, members in enumerate(clusters):
            mine = [s for owner, s in candidates if owner == c]
            if mine:
                sims = np.array([vectors[position[s]] @ centroids[c] for s in mine])
                best = sorted(range(len(mine)), key=lambda k: (-sims[k], mine[k]))
                label, label_vector = mine[best[0]], vectors[position[mine[best[0]]]]
                alternative = next((mine[k] for k in best[1:] if mine[k] != label), None)
            else:
                first = int(members[np.argmax(data.vectors[members] @ centroids[c])])
                label, label_vector, alternative = data.texts[first], data.vectors[first], None
            terms = terms_per_cluster[c]
            description = f"Responses making this point, in {len(members)} distinct wordings."
            if terms:
                description += " Key terms: " + ", ".join(terms) + "."
            if alternative:
                description += f" Also put as: “{_label_from(alternative)}”"
            seeds.append(
                ThemeSeed(
                    label=_label_from(label),
                    description=description,
                    stance=stance,
                    centroid=centroids[c],
                    label_vector=label_vector,
                    members=[int(i) for i in members],
                )
            )
        return seeds
