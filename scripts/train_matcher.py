"""Train the learned response-to-theme matcher (sounding.consult.matcher) on IBM ArgKP.

Data: IBM Debater(R) ArgKP v1 (Bar-Haim et al., "From Arguments to Key Points: Towards
Automatic Argument Summarization", ACL 2020), (c) Copyright IBM 2020, released under the
Community Data License Agreement - Sharing, Version 1.0 (https://cdla.io/sharing-1-0/).
The trained weights are "Results" under that licence.

Arguments are responses, key points are themes; only key points of the argument's stance are
candidates, and the topic is the question. Two fits: the logistic regression over the
embedding features, then the word adjustment (`LearnedMatcher.with_words`), a regression of
the label on [the first one's out-of-fold log-odds, centred word coverage] over the pairs
whose key point states a point, coverage computed among the arguments of one topic and
stance as the assigner computes it among a question's side. Everything is tuned on the 24
train topics only (leave-topics-out cross-validation picks the threshold); dev is scored
once at the end.

Metric: per-argument F1 between predicted and gold key-point sets (both empty -> 1, one
empty -> 0), averaged within a topic, then over topics.

Usage: .venv/bin/python scripts/train_matcher.py [--data DIR] [--cache SQLITE] [--out NPZ]
"""

from __future__ import annotations

import argparse
import collections
import csv
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from sounding.consult.matcher import (
    FORMAT_VERSION,
    WEIGHTS_PATH,
    LearnedMatcher,
    pair_features,
    word_cells,
)
from sounding.consult.word_overlap import word_evidence
from sounding.embeddings.cached import CachedEmbedder
from sounding.embeddings.sentence_transformer import SentenceTransformerEmbedder
from sounding.storage.vector_cache import VectorCache

MODEL = "builtin:all-MiniLM-L6-v2"
SEED = 0
FOLDS = 4
C = 1.0
TOP_K = 2
MARGIN = 0.1
THRESHOLDS = np.round(np.arange(0.10, 0.80, 0.05), 2)


def load(data: Path, split: str, embedder) -> list[dict]:
    def rows(name: str) -> list[dict]:
        with (data / f"{name}_{split}.csv").open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    args, kps = rows("arguments"), rows("key_points")
    gold: dict[str, set[str]] = collections.defaultdict(set)
    for r in rows("labels"):
        if r["label"] == "1":
            gold[r["arg_id"]].add(r["key_point_id"])
    a_emb = embedder.embed([a["argument"] for a in args])
    k_emb = embedder.embed([k["key_point"] for k in kps])
    topics = sorted({a["topic"] for a in args})
    t_emb = embedder.embed(topics)
    groups = []
    for ti, topic in enumerate(topics):
        for stance in ("1", "-1"):
            ai = [i for i, a in enumerate(args) if a["topic"] == topic and a["stance"] == stance]
            ki = [j for j, k in enumerate(kps) if k["topic"] == topic and k["stance"] == stance]
            if not ai:
                continue
            y = np.array(
                [[kps[j]["key_point_id"] in gold[args[i]["arg_id"]] for j in ki] for i in ai],
                dtype=bool,
            ).reshape(len(ai), len(ki))
            words = word_evidence(
                [args[i]["argument"] for i in ai], [kps[j]["key_point"] for j in ki]
            )
            group = {"topic": topic, "A": a_emb[ai], "K": k_emb[ki], "T": t_emb[ti]}
            groups.append({**group, "W": words, "Y": y})
    return groups


def f1_row(pred: np.ndarray, gold: np.ndarray) -> float:
    p, g = set(np.flatnonzero(pred)), set(np.flatnonzero(gold))
    if not p and not g:
        return 1.0
    if not p or not g:
        return 0.0
    return 2 * len(p & g) / (len(p) + len(g))


def score(groups: list[dict], preds: list[np.ndarray]) -> float:
    by_topic: dict[str, list[float]] = collections.defaultdict(list)
    for g, p in zip(groups, preds, strict=True):
        for r in range(g["Y"].shape[0]):
            by_topic[g["topic"]].append(f1_row(p[r], g["Y"][r]))
    return float(np.mean([np.mean(v) for v in by_topic.values()]))


def features(groups: list[dict]) -> list[np.ndarray]:
    return [pair_features(g["A"], g["K"], g["T"]) for g in groups]


def fit(feats: list[np.ndarray], groups: list[dict]) -> tuple[StandardScaler, LogisticRegression]:
    x = np.vstack([f.reshape(-1, f.shape[-1]) for f in feats])
    y = np.concatenate([g["Y"].reshape(-1) for g in groups])
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=C, max_iter=5000).fit(scaler.transform(x), y)
    return scaler, model


def fit_words(logits: list[np.ndarray], groups: list[dict]) -> tuple[float, float, float]:
    """(word_scale, word_weight, word_shift): the label regressed on out-of-fold log-odds
    and centred coverage, over the pairs whose key point states a point."""
    z, y = [], []
    for logit, g in zip(logits, groups, strict=True):
        found = word_cells(g["W"])
        if found is None:
            continue
        cells, centred = found
        z.append(np.column_stack([logit[cells].reshape(-1), centred.reshape(-1)]))
        y.append(g["Y"][cells].reshape(-1))
    model = LogisticRegression(C=C, max_iter=5000).fit(np.vstack(z), np.concatenate(y))
    return float(model.coef_[0][0]), float(model.coef_[0][1]), float(model.intercept_[0])


def matcher_from(scaler, model, threshold: float) -> LearnedMatcher:
    return LearnedMatcher(
        mean=scaler.mean_,
        scale=scaler.scale_,
        coef=model.coef_[0],
        intercept=float(model.intercept_[0]),
        threshold=threshold,
        top_k=TOP_K,
        margin=MARGIN,
        model=MODEL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data/argkp"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/scratch/vc.sqlite"))
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH)
    opts = parser.parse_args()

    opts.cache.parent.mkdir(parents=True, exist_ok=True)
    embedder = CachedEmbedder(SentenceTransformerEmbedder(MODEL), VectorCache(opts.cache))
    train, dev = load(opts.data, "train", embedder), load(opts.data, "dev", embedder)
    f_train = features(train)

    # Leave-topics-out cross-validation on train: out-of-fold probabilities pick the threshold.
    topics = sorted({g["topic"] for g in train})
    rng = np.random.RandomState(SEED)
    rng.shuffle(topics)
    oof: list[np.ndarray] = [np.empty(0)] * len(train)
    for k in range(FOLDS):
        held = set(topics[k::FOLDS])
        tr = [i for i, g in enumerate(train) if g["topic"] not in held]
        scaler, model = fit([f_train[i] for i in tr], [train[i] for i in tr])
        for i, g in enumerate(train):
            if g["topic"] in held:
                x = scaler.transform(f_train[i].reshape(-1, f_train[i].shape[-1]))
                oof[i] = model.decision_function(x).reshape(g["Y"].shape)
    word_scale, word_weight, word_shift = fit_words(oof, train)
    print(f"word adjustment: scale {word_scale:.3f}, weight {word_weight:.3f}, ", end="")
    print(f"shift {word_shift:.3f}")
    m = matcher_from(scaler, model, 0.5)
    m.word_scale, m.word_weight, m.word_shift = word_scale, word_weight, word_shift
    pairs = zip(oof, train, strict=True)
    oof_p = [1 / (1 + np.exp(-m.with_words(logit, g["W"]))) for logit, g in pairs]
    cv = {}
    for th in THRESHOLDS:
        m.threshold = float(th)
        cv[float(th)] = score(train, [m.decide(p) for p in oof_p])
    threshold = max(cv, key=cv.get)
    print(f"train leave-topics-out CV F1 = {cv[threshold]:.4f} at threshold {threshold:.2f}")

    scaler, model = fit(f_train, train)
    final = matcher_from(scaler, model, threshold)
    final.word_scale, final.word_weight, final.word_shift = word_scale, word_weight, word_shift
    dev_f1 = score(dev, [final.assign(g["A"], g["K"], g["T"], g["W"]) for g in dev])
    print(f"dev F1 = {dev_f1:.4f}")

    opts.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        opts.out,
        version=np.array(FORMAT_VERSION),
        model=np.array(MODEL),
        mean=final.mean.astype(np.float64),
        scale=final.scale.astype(np.float64),
        coef=final.coef.astype(np.float64),
        intercept=np.array(final.intercept),
        threshold=np.array(final.threshold),
        top_k=np.array(final.top_k),
        margin=np.array(final.margin),
        word_scale=np.array(final.word_scale),
        word_weight=np.array(final.word_weight),
        word_shift=np.array(final.word_shift),
        train_cv_f1=np.array(cv[threshold]),
        dev_f1=np.array(dev_f1),
        source=np.array("IBM ArgKP v1 (CDLA-Sharing-1.0), train split"),
    )
    print(f"wrote {opts.out} ({opts.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
