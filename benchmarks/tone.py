"""Estimated tone of the demo's impact question, scored against how its answers were written.

The demo's Q3 ("What impact, if any, would the proposal have on you?") has no closed question,
so Consult estimates each discovered theme's tone (`sounding.consult.tone`). The labelled
demo records which points each answer was built from, and a point's side says whether the
impact is good (a supporter's) or bad (an opponent's). Two measures, for two seeds of the
demo (7 is the one the rule was chosen on; 11 is held out):

- per answer: of answers made only of good or only of bad points, the share whose lean
  (`ToneEstimator.lean`) has the right sign: how far one answer can be trusted;
- per theme, after a default offline analysis: a theme stands for the point its distinct
  answers were most often built from, and its true tone is that point's side (a neutral
  point, such as "no impact", is not scored); themes named positive or negative that are
  right or wrong, and themes with a true tone that were left unclear.

Results go to the terminal and into BENCHMARKS.md between the consult-tone markers.
"""

from __future__ import annotations

import argparse
import csv
import platform
import shutil
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from benchmarks_md import markdown_table, write_section
from sounding.config import Settings
from sounding.consult.model import Status, Tone
from sounding.consult.tone import AGREEMENT, ToneEstimator
from sounding.demo.consultation import QUESTIONS, generate_labelled_demo, point_sides
from sounding.services.consult import analyse
from sounding.services.embedding import open_embedder
from sounding.services.inputs import read_consultation

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / ".work" / "tone"
QUESTION = "q3_impact"
SIDE_TONE = {"agree": Tone.POSITIVE, "disagree": Tone.NEGATIVE}


def measure(seed: int, settings: Settings) -> list[str]:
    rows = generate_labelled_demo(600, seed)
    sides = point_sides()
    path = WORK / f"demo-{seed}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].row))
        writer.writeheader()
        writer.writerows(row.row for row in rows)
    points = {row.row["respondent_id"]: row.themes.get(QUESTION, ()) for row in rows}

    polar = {
        row.row[QUESTION].strip(): SIDE_TONE[side]
        for row in rows
        if row.duplicate_of is None
        and row.row[QUESTION].strip()
        and len(side := {sides[k] for k in row.themes.get(QUESTION, ())}) == 1
        and (side := side.pop()) in SIDE_TONE
    }
    with open_embedder(settings) as embedder:
        leans = ToneEstimator().lean(embedder.embed(list(polar)), embedder)
    truths = np.array([tone is Tone.POSITIVE for tone in polar.values()])
    right = np.mean((leans > 0) == truths)

    consultation, _ = read_consultation(path, question_texts=QUESTIONS)
    analysis = analyse(consultation, None, settings)
    (qa,) = [q for q in analysis.questions if q.question.id == QUESTION]
    named_right = named_wrong = unclear = unscored = 0
    for theme in qa.themes:
        # The point most of the theme's distinct answers were built from is what it stands
        # for; a neutral point ("no impact", "it depends") has no tone to get right.
        votes = Counter(
            key
            for o in qa.outcomes
            if theme.id in o.theme_ids and o.status is not Status.DUPLICATE
            for key in points[o.response_id]
        )
        truth = SIDE_TONE.get(sides[votes.most_common(1)[0][0]]) if votes else None
        if theme.tone is Tone.UNCLEAR:
            unclear += truth is not None
        elif truth is None:
            unscored += 1
        else:
            named_right += theme.tone is truth
            named_wrong += theme.tone is not truth
            if theme.tone is not truth:
                print(f"  seed {seed}: {theme.tone} but written {truth}: {theme.label}")
    return [
        str(seed),
        f"{right:.1%} of {len(polar)}",
        str(len(qa.themes)),
        str(named_right),
        str(named_wrong),
        str(unclear),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="Do not update BENCHMARKS.md.")
    args = parser.parse_args()
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    settings = Settings(home=WORK / "home", show_progress=False)
    header = [
        "demo seed",
        "answers of one side leaning the right way",
        "Q3 themes",
        "named positive/negative, right",
        "named, wrong",
        "clearly one side, left unclear",
    ]
    rows = [measure(seed, settings) for seed in (7, 11)]
    lines = [
        f"Machine: {platform.machine()}, Python {platform.python_version()}, CPU only. "
        "Command: `.venv/bin/python benchmarks/tone.py`. Data: the labelled demo, 600 "
        "respondents, question Q3 (impacts; no closed question), default settings "
        f"(`consult.tone = auto`). Seed 7 chose the rule ({AGREEMENT:.0%} of a theme's answers "
        "leaning one way); seed 11 is held out.",
        "",
        *markdown_table(header, rows, left=0),
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("consult-tone", "\n".join(lines), "## Consult: estimated tone")
        print(f"Updated {ROOT / 'BENCHMARKS.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
