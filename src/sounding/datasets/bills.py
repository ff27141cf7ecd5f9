"""TopicGPT's 1,000 US bill summaries as a one-question consultation with single labels.

Not a consultation, but a larger, real-text test of discovery: each summary is a response
to one question and its human topic (21) or subtopic (101) label is its only gold theme.
Only the summary is written as input: `subjects_top_term` restates the topic and would leak
the answer. The subtopic "R&D" is used under three topics (Agriculture, Energy, Technology);
it is kept as one theme, as in the source's count of 101, and its description lists them.
Three summaries repeat an earlier one, one pair with different topics; `notes` says so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    label_ids,
    question_ids,
    require,
)

QUESTION = "Bill summary"
LEVELS = ("topic", "subtopic")


def load_bills(data_dir: Path, level: str = "topic", limit: int | None = None) -> BenchmarkSet:
    """Load the first `limit` bills (all by default), gold = their `level` label."""
    if level not in LEVELS:
        raise ValueError(f"Bills level must be one of {LEVELS}, not {level!r}.")
    if limit is not None and limit < 0:
        raise ValueError("limit must be zero or more.")
    path = require(Path(data_dir) / "topicgpt_bills" / "bills_subset.jsonl", "TopicGPT bills")
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if limit is not None and len(records) >= limit:
                break
            if line.strip():
                records.append(json.loads(line))

    qid = question_ids([QUESTION])[QUESTION]
    labels = [str(r[level]).strip() for r in records]
    ids = label_ids(sorted(set(labels)))
    parents: dict[str, set[str]] = {}
    for record, label in zip(records, labels, strict=True):
        parents.setdefault(label, set()).add(str(record["topic"]).strip())

    rows = [ResponseRow(str(r["id"]).strip(), qid, str(r["summary"]).strip()) for r in records]
    gold = [
        GoldPair(row.response_id, qid, ids[label]) for row, label in zip(rows, labels, strict=True)
    ]
    codebook = [
        CodebookRow(
            ids[label],
            label,
            qid,
            "" if level == "topic" else "Topic: " + "; ".join(sorted(parents[label])),
        )
        for label in sorted(ids)
    ]
    return BenchmarkSet(
        name=f"bills_{level}",
        questions={qid: QUESTION},
        rows=rows,
        gold=gold,
        codebook=codebook,
        notes=[f"{len(ids)} {level} labels over {len(rows)} bills", *_repeats(rows, labels)],
    )


def _repeats(rows: list[ResponseRow], labels: list[str]) -> list[str]:
    """Identical summaries are gold noise when their labels differ; say how many there are."""
    seen: dict[str, set[str]] = {}
    for row, label in zip(rows, labels, strict=True):
        seen.setdefault(row.text, set()).add(label)
    repeated = len(rows) - len(seen)
    clashing = sum(1 for found in seen.values() if len(found) > 1)
    if not repeated:
        return []
    return [f"{repeated} summary repeat(s) of an earlier one; {clashing} with different labels"]
