"""Short open survey answers written and coded for Sounding: one to a few words each, as a
survey's "most important issue" or "one thing" questions get them.

Real answers to such questions are mostly a word or two ("nhs", "POTHOLES!!", "imigration"),
full of typos, shouting and lower-case acronyms, with some naming two or three things and
some saying nothing ("dk", "n/a"). They test what longer responses do not: whether one point
typed many ways becomes one theme rather than a theme per spelling, and whether labels read
well when every candidate is a fragment.

Each split holds two questions, written and coded by hand for this project (no text comes
from elsewhere): ``short_answers_train.jsonl`` (most important issue facing the country; one
thing that would improve the local area) to tune on, and ``short_answers_dev.jsonl`` (what
the council should spend more on; why someone did not vote) to report. Each line is
``{"question", "id", "text", "themes"}``; ``short_answers_codes.json`` gives each question's
wording and codes. An answer coded with no theme makes no point, or one no code covers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    question_ids,
)

FOLDER: Final = Path(__file__).parent
CODES_PATH: Final = FOLDER / "short_answers_codes.json"
SPLITS: Final = ("train", "dev")


def answers_path(split: str) -> Path:
    return FOLDER / f"short_answers_{split}.jsonl"


def load_short_answers(
    split: str, path: Path | None = None, codes_path: Path = CODES_PATH
) -> BenchmarkSet:
    """One split's questions as a set, gold themes and codebook included."""
    if split not in SPLITS:
        raise ValueError(f"Unknown split {split!r}: use one of {', '.join(SPLITS)}.")
    path = path or answers_path(split)
    codes = json.loads(codes_path.read_text(encoding="utf-8"))
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    keys = list(dict.fromkeys(record["question"] for record in records))
    missing = [key for key in keys if key not in codes]
    if missing:
        raise ValueError(f"{codes_path.name} has no codes for question(s) {missing}.")
    wording = {key: codes[key]["wording"] for key in keys}
    qids = question_ids(wording.values())
    rows: list[ResponseRow] = []
    gold: list[GoldPair] = []
    for number, record in enumerate(records, 1):
        key = record["question"]
        unknown = [t for t in record["themes"] if t not in codes[key]["codes"]]
        if unknown:
            raise ValueError(f"{path.name} line {number}: unknown theme(s) {unknown}.")
        qid = qids[wording[key]]
        rows.append(ResponseRow(record["id"], qid, record["text"]))
        themes = [f"{key}:{theme}" for theme in record["themes"]]
        gold.extend(GoldPair(record["id"], qid, theme) for theme in themes or [""])
    codebook = [
        CodebookRow(f"{key}:{code}", description, qids[wording[key]])
        for key in keys
        for code, description in codes[key]["codes"].items()
    ]
    return BenchmarkSet(
        name=f"short-answers-{split}",
        questions={qids[text]: text for text in wording.values()},
        rows=rows,
        gold=gold,
        codebook=codebook,
        split=split,
        notes=["written and coded for this project (sounding.datasets.short_answers)"],
    )
