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

from collections.abc import Iterator
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


#: Rows whose similarities to the reference sample are held at once (block × sample).
NEIGHBOUR_BLOCK = 1024
#: Most rows each row is compared with for its neighbourhood features. A larger question
#: compares each with a fixed sample of about this many, so the cost grows with the number
#: of rows, not its square; questions up to this size are scored exactly as the matcher was
#: trained. Large because the sample costs accuracy: on the bills (8,423 rows with their
#: sentences) comparing with 4,000 lowered deductive F1 from 0.428 to 0.415.
NEIGHBOUR_SAMPLE = 20_000


def neighbour_sample(groups: np.ndarray, limit: int | None = None) -> np.ndarray:
    """Rows every row is compared with: all of them up to `limit` rows (default
    `NEIGHBOUR_SAMPLE`), else whole groups (an answer and its sentences), drawn with a fixed
    seed until they hold `limit` rows, so the same input scores the same."""
    limit = NEIGHBOUR_SAMPLE if limit is None else limit
    if len(groups) <= limit:
        return np.arange(len(groups))
    ids, sizes = np.unique(groups, return_counts=True)
    order = np.random.default_rng(0).permutation(len(ids))
    taken = max(1, int(np.searchsorted(np.cumsum(sizes[order]), limit, side="right")))
    return np.flatnonzero(np.isin(groups, ids[order[:taken]]))


#: Most rows of its own answer a row not drawn into the sample is compared with (the answer
#: and its first sentences): bounds the work one answer of hundreds of sentences can make.
MAX_RELATIVES = 32


def _relatives(groups: np.ndarray, sampled: np.ndarray) -> np.ndarray:
    """Per row, up to `MAX_RELATIVES` other rows of its group where its group was not drawn
    (padded with -1): an answer's own sentences are its nearest neighbours, and every row
    keeps them, drawn or not, so a row's features hardly depend on whether it was drawn."""
    out = np.full((len(groups), 0), -1)
    missing = np.flatnonzero(~sampled)
    if not len(missing):
        return out
    by_group: dict[int, list[int]] = {}
    for row in missing.tolist():
        by_group.setdefault(int(groups[row]), []).append(row)
    width = min(MAX_RELATIVES, max(len(rows) for rows in by_group.values()) - 1)
    out = np.full((len(groups), width), -1)
    for rows in by_group.values():
        for row in rows:
            others = [r for r in rows[: width + 1] if r != row][:width]
            out[row, : len(others)] = others
    return out


def _similarity_to(a: np.ndarray, start: int, kin: np.ndarray) -> np.ndarray:
    """Similarity of rows `start`, `start + 1`, … to the rows each lists in `kin`, a few
    rows at a time so that one answer of many sentences cannot need gigabytes."""
    out = np.empty(kin.shape)
    step = max(1, 2**22 // (kin.shape[1] * a.shape[1]))
    for at in range(0, len(kin), step):
        part = kin[at : at + step]
        out[at : at + step] = np.einsum(
            "bd,bkd->bk", a[start + at : start + at + len(part)], a[part]
        )
    return out


def _neighbour_features(
    a: np.ndarray, p0: np.ndarray, groups: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, how dense its neighbourhood is (mean similarity of its five nearest others)
    and its neighbours' vote: the soft top-1 themes `p0` of the others, weighted by
    similarity. `groups`: which answer each row belongs to (its sentences share it; default:
    each row its own). The others are `neighbour_sample`'s and the row's own group, compared
    a block of rows at a time, so time and memory grow with n, not n²."""
    n = len(a)
    groups = np.arange(n) if groups is None else np.asarray(groups)
    # Single precision: half the time of double, features within 1e-7 of it.
    a, p0 = a.astype(np.float32), p0.astype(np.float32)
    sample = neighbour_sample(groups)
    others, others_p0 = a[sample], p0[sample]
    # Where each row sits in the sample (-1: not drawn), so none is its own neighbour.
    place = np.full(n, -1)
    place[sample] = np.arange(len(sample))
    relatives = _relatives(groups, place >= 0)
    density = np.empty((n, 1))
    vote = np.empty(p0.shape)
    nearest = min(5, len(sample) + relatives.shape[1])
    for start in range(0, n, NEIGHBOUR_BLOCK):
        stop = min(start + NEIGHBOUR_BLOCK, n)
        aa = a[start:stop] @ others.T
        drawn = np.flatnonzero(place[start:stop] >= 0)
        own = (drawn, place[start:stop][drawn])
        aa[own] = -1.0
        w = np.exp((aa - 1.0) * 20.0)
        w[own] = 0.0
        votes = w @ others_p0
        kin = relatives[start:stop]
        if kin.shape[1]:
            present = kin >= 0
            near = np.where(present, _similarity_to(a, start, kin), -1.0)
            aa = np.hstack([aa, near])
            kin_w = np.where(present, np.exp((near - 1.0) * 20.0), 0.0)
            votes += np.einsum("bk,bkm->bm", kin_w, p0[kin])
            w = np.hstack([w, kin_w])
        top = -np.partition(-aa, nearest - 1, axis=1)[:, :nearest]
        density[start:stop] = top.mean(1, keepdims=True)
        vote[start:stop] = votes / (w.sum(1, keepdims=True) + 1e-9)
    return density, vote


def feature_columns(
    responses: np.ndarray,
    themes: np.ndarray,
    question: np.ndarray | None = None,
    groups: np.ndarray | None = None,
) -> Iterator[np.ndarray]:
    """The n×m features of every (response, theme) pair of one question, one at a time (in
    the order of the weights), so scoring need never hold all of them at once. `groups`:
    the answer each row belongs to, where rows include answers' sentences."""
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
    del srt
    shape = s.shape
    yield s
    yield s - mx
    yield s - np.where(s >= mx, sec, mx)
    yield _zscore(s, 1)
    yield _zscore(s, 0)
    yield ((-s).argsort(1).argsort(1) == 0).astype(np.float64)
    yield np.broadcast_to(mx, shape)
    yield np.broadcast_to(mx - sec, shape)
    yield np.broadcast_to(s.mean(1, keepdims=True), shape)
    yield s - s.mean(0, keepdims=True)
    yield np.full(shape, 1.0 / m)
    yield (-s).argsort(0).argsort(0) / max(n - 1, 1)
    p0 = np.exp((s - mx) * 20.0)
    p0 /= p0.sum(1, keepdims=True)
    density, vote = _neighbour_features(a, p0, groups)
    yield np.broadcast_to(density, shape)
    yield vote
    yield vote - vote.max(1, keepdims=True)
    # Pseudo-centroid of the responses softly assigned to each theme.
    sc = a @ _unit(p0.T @ a).T
    yield sc
    yield sc - sc.max(1, keepdims=True)
    yield _zscore(sc, 1)
    yield np.broadcast_to((a_raw @ t)[:, None], shape)
    yield np.broadcast_to((k_raw @ t)[None, :], shape)
    yield a_raw @ k_raw.T


def pair_features(
    responses: np.ndarray, themes: np.ndarray, question: np.ndarray | None = None
) -> np.ndarray:
    """n×m×F features for every (response, theme) pair of one question (for training)."""
    columns = feature_columns(responses, themes, question)
    return np.stack([np.asarray(x, dtype=np.float64) for x in columns], -1)


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
        groups: np.ndarray | None = None,
    ) -> np.ndarray:
        """n×m match probabilities for one question's responses and candidate themes.

        ``responses`` and ``themes`` are L2-normalised embeddings from ``self.model``;
        ``question`` (optional, strongly recommended) is the question's embedding; ``words``
        (`word_evidence` of the responses' texts and the themes' labels) adds the word
        adjustment; ``groups``, where rows include answers' sentences, names the answer each
        row belongs to (see `_neighbour_features`).
        """
        n, m = len(responses), len(themes)
        if n == 0 or m == 0:
            return np.zeros((n, m))
        # Standardise-and-weigh one feature at a time: the n×m×F tensor never exists, so a
        # question of 300,000 answers needs a few n×m arrays, not gigabytes.
        logit = np.full((n, m), self.intercept)
        weights = self.coef / self.scale
        for j, column in enumerate(feature_columns(responses, themes, question, groups)):
            logit += weights[j] * (column - self.mean[j])
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
