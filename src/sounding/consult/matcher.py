"""A small learned matcher: does a response express a theme?

Given L2-normalised sentence embeddings of one question's responses and of its candidate
themes (and, ideally, of the question itself), it scores every (response, theme) pair with a
logistic regression over a handful of relative, per-question features of the embedding
similarities; where a label states a point, how much of its wording the response uses
(`sounding.consult.word_overlap`) then adjusts that score. It is pure numpy; the weights
live in ``matcher_weights.npz`` (plain arrays, loaded with ``allow_pickle=False``) and are
produced by ``scripts/train_matcher.py``.

The features are mostly *relative* (a pair's similarity against the response's other themes
and the theme's other responses), which is what lets a model trained on one set of topics
transfer to another. The question embedding matters: its direction is projected out of
responses and themes before comparing them, so that the shared topic does not swamp the
similarity. Without it, the mean response direction stands in (less accurate).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from sounding.consult.word_overlap import WordEvidence

WEIGHTS_PATH = Path(__file__).with_name("matcher_weights.npz")
FORMAT_VERSION = "matcher-v2"


def _unit(x: np.ndarray) -> np.ndarray:
    unit: np.ndarray = x / (np.linalg.norm(x, axis=-1, keepdims=True) + 1e-9)
    return unit


def _zscore(s: np.ndarray, axis: int) -> np.ndarray:
    z: np.ndarray = (s - s.mean(axis, keepdims=True)) / (s.std(axis, keepdims=True) + 1e-6)
    return z


def topic_direction(responses: np.ndarray, question: np.ndarray | None) -> np.ndarray:
    """Unit vector for the question's topic: its embedding, else the mean response."""
    if question is not None:
        return _unit(np.asarray(question, dtype=np.float64).reshape(-1))
    return _unit(responses.mean(0))


#: Responses whose similarities to all the others are held at once (block × n floats).
NEIGHBOUR_BLOCK = 1024


def _neighbour_features(a: np.ndarray, p0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per response, how dense its neighbourhood is (mean similarity of its five nearest
    others) and its neighbours' vote: the soft top-1 themes `p0` of the others, weighted
    by similarity. Computed a block of rows at a time, so memory grows with n, not n²."""
    n = len(a)
    density = np.empty((n, 1))
    vote = np.empty_like(p0)
    nearest = min(5, n)
    for start in range(0, n, NEIGHBOUR_BLOCK):
        stop = min(start + NEIGHBOUR_BLOCK, n)
        aa = a[start:stop] @ a.T
        own = np.arange(stop - start)
        aa[own, start + own] = -1.0
        top = -np.partition(-aa, nearest - 1, axis=1)[:, :nearest]
        density[start:stop] = top.mean(1, keepdims=True)
        w = np.exp((aa - 1.0) * 20.0)
        w[own, start + own] = 0.0
        vote[start:stop] = w @ p0 / (w.sum(1, keepdims=True) + 1e-9)
    return density, vote


def pair_features(
    responses: np.ndarray, themes: np.ndarray, question: np.ndarray | None = None
) -> np.ndarray:
    """n×m×F features for every (response, theme) pair of one question."""
    a_raw = np.asarray(responses, dtype=np.float64)
    k_raw = np.asarray(themes, dtype=np.float64)
    t = topic_direction(a_raw, question)
    a = _unit(a_raw - (a_raw @ t)[:, None] * t)
    k = _unit(k_raw - (k_raw @ t)[:, None] * t)
    s = a @ k.T
    n, m = s.shape
    srt = np.sort(s, 1)[:, ::-1]
    mx = srt[:, :1]
    sec = srt[:, 1:2] if m > 1 else mx - 0.1
    rank = (-s).argsort(1).argsort(1)
    shape = s.shape
    f = [
        s,
        s - mx,
        s - np.where(s >= mx, sec, mx),
        _zscore(s, 1),
        _zscore(s, 0),
        (rank == 0).astype(np.float64),
        np.broadcast_to(mx, shape),
        np.broadcast_to(mx - sec, shape),
        np.broadcast_to(s.mean(1, keepdims=True), shape),
        s - s.mean(0, keepdims=True),
        np.full(shape, 1.0 / m),
        (-s).argsort(0).argsort(0) / max(n - 1, 1),
    ]
    p0 = np.exp((s - mx) * 20.0)
    p0 /= p0.sum(1, keepdims=True)
    density, vote = _neighbour_features(a, p0)
    f.append(np.broadcast_to(density, shape))
    f += [vote, vote - vote.max(1, keepdims=True)]
    # Pseudo-centroid of the responses softly assigned to each theme.
    cent = _unit(p0.T @ a)
    sc = a @ cent.T
    f += [sc, sc - sc.max(1, keepdims=True), _zscore(sc, 1)]
    f.append(np.broadcast_to((a_raw @ t)[:, None], shape))
    f.append(np.broadcast_to((k_raw @ t)[None, :], shape))
    f.append(a_raw @ k_raw.T)
    return np.stack([np.asarray(x, dtype=np.float64) for x in f], -1)


Cells = tuple[np.ndarray, ...]


def word_cells(words: WordEvidence) -> tuple[Cells, np.ndarray] | None:
    """The (response, label) cells the word adjustment applies to, as an `np.ix_` index, and
    each one's coverage less the response's mean over labels stating a point; None where no
    label states one. Training (`scripts/train_matcher.py`) and scoring both use it."""
    stated = np.asarray(words.stated, dtype=bool)
    if not stated.any():
        return None
    coverage = np.asarray(words.coverage, dtype=np.float64)[:, stated]
    centred = coverage - coverage.mean(1, keepdims=True)
    # An answer sharing no word with any such label has no word evidence either way.
    rows = coverage.max(1) > 0
    return np.ix_(rows, np.flatnonzero(stated)), centred[rows]


class LearnedMatcher:
    """Logistic regression over :func:`pair_features`, a word adjustment, and a stored
    decision rule.

    The adjustment is a second regression, fitted on the first one's out-of-fold scores:
    for a label that states a point, the log-odds become ``word_scale`` × the embeddings'
    log-odds + ``word_weight`` × the label's word coverage (less the response's mean over
    such labels) + ``word_shift``. Labels that name a topic keep the embeddings' score, so
    a codebook of topic names is matched as it would be without words.
    """

    def __init__(
        self,
        mean: np.ndarray,
        scale: np.ndarray,
        coef: np.ndarray,
        intercept: float,
        threshold: float,
        top_k: int,
        margin: float,
        model: str,
        word_scale: float = 1.0,
        word_weight: float = 0.0,
        word_shift: float = 0.0,
        version: str = FORMAT_VERSION,
    ) -> None:
        self.mean = mean
        self.scale = scale
        self.coef = coef
        self.intercept = float(intercept)
        self.threshold = float(threshold)
        self.top_k = int(top_k)
        self.margin = float(margin)
        self.model = model
        self.word_scale = float(word_scale)
        self.word_weight = float(word_weight)
        self.word_shift = float(word_shift)
        self.version = version

    @classmethod
    def load(cls, path: Path | str | None = None) -> LearnedMatcher:
        with np.load(Path(path) if path is not None else WEIGHTS_PATH, allow_pickle=False) as z:
            version = str(z["version"])
            if version != FORMAT_VERSION:
                raise ValueError(f"Unsupported matcher weights version {version!r}.")
            return cls(
                mean=z["mean"],
                scale=z["scale"],
                coef=z["coef"],
                intercept=float(z["intercept"]),
                threshold=float(z["threshold"]),
                top_k=int(z["top_k"]),
                margin=float(z["margin"]),
                model=str(z["model"]),
                word_scale=float(z["word_scale"]),
                word_weight=float(z["word_weight"]),
                word_shift=float(z["word_shift"]),
                version=version,
            )

    def probabilities(
        self,
        responses: np.ndarray,
        themes: np.ndarray,
        question: np.ndarray | None = None,
        words: WordEvidence | None = None,
    ) -> np.ndarray:
        """n×m match probabilities for one question's responses and candidate themes.

        ``responses`` and ``themes`` are L2-normalised embeddings from ``self.model``;
        ``question`` (optional, strongly recommended) is the question's embedding; ``words``
        (`word_evidence` of the responses' texts and the themes' labels) adds the word
        adjustment.
        """
        n, m = len(responses), len(themes)
        if n == 0 or m == 0:
            return np.zeros((n, m))
        x = (pair_features(responses, themes, question) - self.mean) / self.scale
        logit = x @ self.coef + self.intercept
        if words is not None:
            logit = self.with_words(logit, words)
        p: np.ndarray = 1.0 / (1.0 + np.exp(-logit))
        return p

    def with_words(self, logit: np.ndarray, words: WordEvidence) -> np.ndarray:
        """The embeddings' log-odds, adjusted by word coverage for labels stating a point."""
        found = word_cells(words)
        if found is None:
            return logit
        cells, centred = found
        adjusted = np.array(logit, dtype=np.float64)
        adjusted[cells] = (
            self.word_scale * adjusted[cells] + self.word_weight * centred + self.word_shift
        )
        return adjusted

    def decide(self, probabilities: np.ndarray) -> np.ndarray:
        """Boolean n×m assignment: up to ``top_k`` themes per response, each at least
        ``threshold`` and within ``margin`` of the response's best theme."""
        p = np.asarray(probabilities)
        out = np.zeros(p.shape, dtype=bool)
        if p.size == 0:
            return out
        order = np.argsort(-p, 1)[:, : self.top_k]
        best = p.max(1, keepdims=True)
        picked = np.take_along_axis(p, order, 1)
        keep = (picked >= self.threshold) & (best - picked <= self.margin + 1e-12)
        np.put_along_axis(out, order, keep, 1)
        return out

    def assign(
        self,
        responses: np.ndarray,
        themes: np.ndarray,
        question: np.ndarray | None = None,
        words: WordEvidence | None = None,
    ) -> np.ndarray:
        return self.decide(self.probabilities(responses, themes, question, words))
