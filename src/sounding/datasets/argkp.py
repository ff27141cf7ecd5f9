"""IBM ArgKP-2021 as a consultation: a topic is a question, arguments are responses, key
points are the gold themes.

An argument's stance (+1 supports the topic, -1 opposes it) is written as the closed answer
("agree"/"disagree") because that is how a consultation links a position to its text; it is
also the gold stance. Labels are multi-label (label 1 = the argument makes that key point).
An argument with only 0 labels is coded with no theme; an argument missing from the labels
file would be treated the same way, though no such argument exists in train or dev (the
count is kept in `notes` so a changed file is noticed).
"""

from __future__ import annotations

import csv
from pathlib import Path

from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    normalise_stance,
    question_ids,
    require,
)

SPLITS = ("train", "dev")


def argkp_topics(data_dir: Path, split: str = "dev") -> list[str]:
    """The split's topics in file order: the values `load_argkp(topics=...)` accepts."""
    rows = _read(_path(data_dir, "arguments", split))
    return list(dict.fromkeys(r["topic"].strip() for r in rows))


def load_argkp(data_dir: Path, split: str = "dev", topics: list[str] | None = None) -> BenchmarkSet:
    """Load one split, optionally only some topics (given as topic text, as `argkp_topics`)."""
    arguments = _read(_path(data_dir, "arguments", split))
    key_points = _read(_path(data_dir, "key_points", split))
    labels = _read(_path(data_dir, "labels", split))

    available = list(dict.fromkeys(r["topic"].strip() for r in arguments))
    if topics is not None:
        unknown = [t for t in topics if t.strip() not in available]
        if unknown:
            raise ValueError(
                f"ArgKP {split}: unknown topic(s) {unknown}. Topics: {', '.join(available)}."
            )
        wanted = {t.strip() for t in topics}
        available = [t for t in available if t in wanted]
    qids = question_ids(available)

    positives: dict[str, list[str]] = {}
    labelled: set[str] = set()
    for row in labels:
        labelled.add(row["arg_id"].strip())
        if row["label"].strip() == "1":
            positives.setdefault(row["arg_id"].strip(), []).append(row["key_point_id"].strip())
    kp_order = {r["key_point_id"]: i for i, r in enumerate(key_points)}

    by_topic: dict[str, list[dict[str, str]]] = {t: [] for t in available}
    for row in arguments:
        topic = row["topic"].strip()
        if topic in by_topic:
            by_topic[topic].append(row)

    rows: list[ResponseRow] = []
    gold: list[GoldPair] = []
    unlabelled = 0
    for topic, args in by_topic.items():
        qid = qids[topic]
        for arg in args:
            rid, stance = arg["arg_id"].strip(), normalise_stance(arg["stance"])
            rows.append(ResponseRow(rid, qid, arg["argument"].strip(), stance))
            unlabelled += rid not in labelled
            themes = sorted(
                set(positives.get(rid, [])), key=lambda k: kp_order.get(k, len(kp_order))
            )
            for theme in themes or [""]:
                gold.append(GoldPair(rid, qid, theme, stance))

    codebook = [
        CodebookRow(
            id=kp["key_point_id"].strip(),
            label=kp["key_point"].strip(),
            question_id=qids[kp["topic"].strip()],
            stance=normalise_stance(kp["stance"]),
        )
        for kp in key_points
        if kp["topic"].strip() in qids
    ]
    notes = [
        f"{unlabelled} argument(s) absent from labels_{split}.csv, coded with no theme",
    ]
    return BenchmarkSet(
        name="argkp",
        questions={qids[t]: t for t in available},
        rows=rows,
        gold=gold,
        codebook=codebook,
        split=split,
        notes=notes,
    )


def _path(data_dir: Path, kind: str, split: str) -> Path:
    if split not in SPLITS:
        raise ValueError(f"ArgKP split must be one of {SPLITS}, not {split!r}.")
    return require(Path(data_dir) / "argkp" / f"{kind}_{split}.csv", "ArgKP")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
