"""ThemeFinder's synthetic gambling_XS consultation: two questions, 100 respondents.

The inputs hold only response text and demographics; the respondents' positions exist only
in the gold (`sentiment.jsonl`), so the closed-answer column is left empty: filling it from
the gold would hand Sounding the answer it is scored on. Gold positions AGREE/DISAGREE map
to agree/disagree and UNCLEAR to neutral. The catch-all themes "None of the Above" and "No
Reason Given" are left out of the gold themes and codebook: no response is mapped to them,
and as codebook entries they would attract responses that should be left unthemed.
Theme ids repeat across questions (A, B, ...), so they are prefixed with the question part
("q1-A") to stay unique in a codebook file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    normalise_stance,
    question_ids,
    require,
)

CATCH_ALL_LABELS = {"none of the above", "no reason given"}
# Demographic keys are the questions asked ("Do you live in:"): short attribute names read
# better as breakdown headers, and Sounding's detector knows both words as attributes.
DEMOGRAPHIC_NAMES = {
    "Do you consider yourself to have a health condition or a disability?": "disability",
    "Do you live in:": "nation",
}
_PART = re.compile(r"^question_part_(\d+)$")


def load_gambling_xs(data_dir: Path) -> BenchmarkSet:
    """Load gambling_XS with demographics as metadata and the latest gold mapping."""
    root = require(Path(data_dir) / "themefinder" / "gambling_XS", "ThemeFinder gambling_XS")
    inputs = require(root / "inputs", "ThemeFinder gambling_XS")
    parts = sorted(
        (int(m.group(1)), p.name)
        for p in inputs.iterdir()
        if p.is_dir() and (m := _PART.match(p.name))
    )
    if not parts:
        raise FileNotFoundError(f"ThemeFinder gambling_XS: no question_part_* in '{inputs}'.")
    mapping_root = require(root / "outputs" / "mapping", "ThemeFinder gambling_XS")
    runs = sorted(p for p in mapping_root.iterdir() if p.is_dir())
    if not runs:
        raise FileNotFoundError(f"ThemeFinder gambling_XS: no mapping run in '{mapping_root}'.")
    gold_root = runs[-1]

    demographics: dict[str, dict[str, str]] = {}
    columns: dict[str, None] = {}
    for record in _jsonl(require(inputs / "respondents.jsonl", "ThemeFinder gambling_XS")):
        values: dict[str, str] = {}
        for key, value in (record.get("demographic_data") or {}).items():
            name = DEMOGRAPHIC_NAMES.get(key, key)
            columns[name] = None
            values[name] = "" if value is None else str(value).strip()
        demographics[str(record["response_id"])] = values
    metadata_columns = list(columns)

    texts = [
        json.loads(require(inputs / name / "question.json", "gambling_XS").read_text("utf-8"))[
            "question_text"
        ].strip()
        for _, name in parts
    ]
    qids = question_ids(texts)

    rows: list[ResponseRow] = []
    gold: list[GoldPair] = []
    codebook: list[CodebookRow] = []
    for (number, name), text in zip(parts, texts, strict=True):
        qid = qids[text]
        gold_dir = gold_root / name
        kept: dict[str, str] = {}
        for theme in json.loads(
            require(gold_dir / "themes.json", "gambling_XS").read_text("utf-8")
        ):
            label = str(theme["topic_label"]).strip()
            if label.lower() in CATCH_ALL_LABELS:
                continue
            kept[str(theme["topic_id"])] = theme_id = f"q{number}-{theme['topic_id']}"
            codebook.append(
                CodebookRow(theme_id, label, qid, str(theme.get("topic_description", "")).strip())
            )
        positions = {
            str(r["response_id"]): normalise_stance(r.get("position"))
            for r in _jsonl(require(gold_dir / "sentiment.jsonl", "gambling_XS"))
        }
        mapped = {
            str(r["response_id"]): r
            for r in _jsonl(require(gold_dir / "mapping.jsonl", "gambling_XS"))
        }
        for record in _jsonl(require(inputs / name / "responses.jsonl", "gambling_XS")):
            rid = str(record["response_id"])
            rows.append(
                ResponseRow(
                    rid, qid, str(record["response"]).strip(), "", demographics.get(rid, {})
                )
            )
            stance = positions.get(rid, "")
            entry = mapped.get(rid, {})
            labels = entry.get("labels") or []
            stances = entry.get("stances") or [""] * len(labels)
            pairs = [
                GoldPair(rid, qid, kept[label], stance, str(theme_stance).lower())
                for label, theme_stance in zip(labels, stances, strict=True)
                if label in kept
            ]
            gold.extend(dict.fromkeys(pairs) or [GoldPair(rid, qid, "", stance)])

    return BenchmarkSet(
        name="gambling_xs",
        questions={qids[t]: t for t in texts},
        rows=rows,
        gold=gold,
        codebook=codebook,
        metadata_columns=metadata_columns,
        notes=[
            f"gold mapping run {gold_root.name}",
            "no closed answer in the inputs: stance column left empty",
        ],
    )


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
