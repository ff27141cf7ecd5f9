"""Polis conversations as small, real consultations, with a gold coding made for Sounding.

Each conversation (The Computational Democracy Project's open data, CC BY 4.0) is one
question: its topic is the question and its comments, less those the moderators removed,
are the answers. Polis has no themes of its own, so two conversations were coded by hand
for this project: every comment was read and given the points it makes (one or more codes
below, written in our own words; no comment text is copied). A comment that makes no point
("Not sure I believe any of this...") is coded with no theme. Only comment ids and codes
live here; the text is read from the shared data folder by path.

These are the benchmark's small questions (30 and 50 answers) where the gold codes nearly
every answer: what was seen to fall half into "Other" with fixed clustering thresholds.
"""

from __future__ import annotations

import csv
from pathlib import Path

from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    question_ids,
    require,
)

#: Conversation → code → (label, comment ids). Comments listed under no code: no theme.
CODING: dict[str, dict[str, tuple[str, tuple[int, ...]]]] = {
    "15-per-hour-seattle": {
        "small-business": ("Small businesses cannot afford it", (4, 3, 6, 18, 28, 29, 46)),
        "automation": ("Jobs will go to machines or be cut", (36, 5, 44, 25, 0)),
        "living-wage": ("Workers need a wage they can live on", (48, 12, 8, 11, 45)),
        "economy": ("Higher pay will boost the economy", (9, 24)),
        "prices": ("Prices and inflation will rise", (2, 32)),
        "profits": ("Firms will absorb it in profits, not prices", (10,)),
        "alternatives": ("Better alternatives: basic income, subsidies", (39, 34, 7)),
        "higher": ("The minimum should be higher still", (26, 51)),
        "consequences": ("It does not solve the problem; effects are unclear", (20, 1)),
        "benefits": ("Benefits may be cut in exchange", (43,)),
    },
    "brexit-consensus": {
        "parties": (
            "What Labour and the other parties should do about Brexit",
            (49, 48, 42, 40, 9, 8, 7, 6, 5, 24),
        ),
        "opposing": ("Whether and how Brexit can still be stopped", (36, 37, 40, 49)),
        "referendum": (
            "The referendum: its format, its force and a second vote",
            (44, 28, 29, 18, 43, 46, 2),
        ),
        "left-and-eu": ("The EU, the left and workers' rights", (41, 38, 31, 30, 47, 21)),
        "success": ("Whether Brexit can succeed, and who can deliver it", (26, 4, 23)),
        "conservatives": ("The Conservatives' handling of Brexit", (45, 33, 23)),
        "divided": ("The vote split the country and was about other things", (25, 19, 32, 39)),
        "about-me": (
            "Respondents describe themselves or their vote",
            (15, 11, 10, 1, 0, 3, 12, 20),
        ),
        "trade-and-borders": (
            "Trade, the single market, sovereignty and borders",
            (13, 17, 22, 16, 27, 14),
        ),
        "eu-varied": ("The EU is too varied for a yes-or-no judgement", (35, 34)),
    },
}


def load_polis(data_dir: Path, conversations: list[str] | None = None) -> BenchmarkSet:
    """The coded conversations (or `conversations`, which must be coded) as one set."""
    chosen = conversations if conversations is not None else list(CODING)
    uncoded = [c for c in chosen if c not in CODING]
    if uncoded:
        raise ValueError(f"Polis: no gold coding for {uncoded}; coded: {', '.join(CODING)}.")
    root = Path(data_dir) / "polis"
    topics = {c: _topic(require(root / c / "summary.csv", "Polis")) for c in chosen}
    qids = question_ids(topics.values())
    rows: list[ResponseRow] = []
    gold: list[GoldPair] = []
    codebook: list[CodebookRow] = []
    for conversation in chosen:
        qid = qids[topics[conversation]]
        codes: dict[int, list[str]] = {}
        for code, (label, coded) in CODING[conversation].items():
            theme = f"{conversation}:{code}"
            codebook.append(CodebookRow(theme, label, qid))
            for number in coded:
                codes.setdefault(number, []).append(theme)
        path = require(root / conversation / "comments.csv", "Polis")
        with path.open(encoding="utf-8", newline="") as handle:
            comments = [r for r in csv.DictReader(handle) if r["moderated"].strip() != "-1"]
        for comment in sorted(comments, key=lambda r: int(r["comment-id"])):
            number = int(comment["comment-id"])
            rid = f"{conversation}-{number}"
            rows.append(ResponseRow(rid, qid, comment["comment-body"].strip()))
            for theme in codes.get(number, [""]):
                gold.append(GoldPair(rid, qid, theme))
    return BenchmarkSet(
        name="polis",
        questions={qids[topics[c]]: topics[c] for c in chosen},
        rows=rows,
        gold=gold,
        codebook=codebook,
        notes=["gold coded for this project (sounding.datasets.polis.CODING)"],
    )


def _topic(summary: Path) -> str:
    """The conversation's topic, the first row of its summary.csv ("topic,<text>")."""
    with summary.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if row and row[0] == "topic":
                return row[1].strip()
    raise ValueError(f"Polis: no topic in '{summary}'.")
