"""Coded consultation questions for Consult's tasks: responses, a codebook and gold themes.

Two sources. "demo" is Sounding's own synthetic consultation (`sounding.demo`): written for
the project, shipped with it and free to share, its ground truth known by construction.
"argkp" is IBM's ArgKP-2021 dev split (arguments coded to key points, CDLA-Sharing-1.0),
read from the shared data folder by path and never copied into the repository; "auto" uses
ArgKP where that folder has it, else the demo. Responses are renumbered r1, r2, … so that
ids say nothing about the data, and a question keeps a fixed sample of its responses so
that a prompt stays a size a model can take.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sounding.config import Settings
from sounding.datasets.common import default_data_dir

SOURCES = ("auto", "demo", "argkp")
DEMO_RESPONDENTS = 400
DEMO_SEED = 11
SAMPLE_SEED = 5


@dataclass(frozen=True)
class CodedQuestion:
    """One question: its responses (id, text, stance where known), the codebook (id, label,
    description, stance where known) and each response's gold theme ids."""

    id: str
    text: str
    responses: list[dict[str, str]]
    themes: list[dict[str, str]]
    gold: dict[str, list[str]]
    source: str
    notes: list[str] = field(default_factory=list)

    def payload(self, with_themes: bool = True) -> dict[str, object]:
        """The data a prompt carries (the codebook left out for discovery)."""
        data: dict[str, object] = {"question": self.text}
        if with_themes:
            data["themes"] = self.themes
        data["responses"] = self.responses
        return data


def data_dir(settings: Settings) -> Path | None:
    return default_data_dir(settings.data_dir)


def resolve_source(source: str, settings: Settings) -> str:
    """The source "auto" stands for here: ArgKP where the shared data has it."""
    if source not in SOURCES:
        raise ValueError(f"Unknown source {source!r}; use one of {', '.join(SOURCES)}.")
    if source != "auto":
        return source
    folder = data_dir(settings)
    has_argkp = folder is not None and (folder / "argkp" / "arguments_dev.csv").is_file()
    return "argkp" if has_argkp else "demo"


def coded_questions(source: str, per_question: int, settings: Settings) -> list[CodedQuestion]:
    """The questions of `source` ("auto", "demo" or "argkp"), `per_question` responses each."""
    chosen = resolve_source(source, settings)
    if chosen == "argkp":
        folder = data_dir(settings)
        if folder is None or not (folder / "argkp").is_dir():
            raise FileNotFoundError(
                "The argkp source needs IBM's ArgKP-2021 in the shared data folder "
                "(<data_dir>/argkp); set SOUNDING_DATA_DIR, or use source=demo."
            )
        return argkp_questions(folder, per_question)
    return demo_questions(per_question)


def _renumbered(
    items: list[tuple[str, str, str, list[str]]],
) -> tuple[list[dict[str, str]], dict[str, list[str]]]:
    """(original id, text, stance, gold) → responses as r1, r2, … and their gold."""
    responses, gold = [], {}
    for number, (_, text, stance, themes) in enumerate(items, start=1):
        rid = f"r{number}"
        responses.append({"id": rid, "text": text, **({"stance": stance} if stance else {})})
        gold[rid] = themes
    return responses, gold


# -- the demo consultation --------------------------------------------------------------------


def _demo_label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def demo_questions(per_question: int) -> list[CodedQuestion]:
    """The demo's three open questions, each with the plain responses (no blanks, campaign
    letters, injections or personal data) and a codebook of every theme raised."""
    from sounding.demo import phrases
    from sounding.demo.consultation import OPEN_COLUMNS, QUESTIONS, generate_labelled_demo, render

    banks = [*phrases.Q1_THEMES, *phrases.Q2_THEMES, *phrases.Q3_THEMES]
    banks += [t for bank in phrases.ORG_IMPACT_THEMES.values() for t in bank]
    by_key = {theme.key: theme for theme in banks}
    context = {"town": "our town", "name": "a neighbour", "first": "Sam", "last": "Smith"}
    rows = generate_labelled_demo(DEMO_RESPONDENTS, DEMO_SEED)
    questions = []
    for column in OPEN_COLUMNS:
        seen: set[str] = set()
        items: list[tuple[str, str, str, list[str]]] = []
        for row in rows:
            text = row.row[column].strip()
            if row.flags[column] or not text or not row.themes[column] or text in seen:
                continue
            seen.add(text)
            items.append((row.row["respondent_id"], text, "", list(row.themes[column])))
        items = random.Random(SAMPLE_SEED).sample(items, min(per_question, len(items)))
        keys = sorted({key for item in items for key in item[3]})
        themes = []
        for key in keys:
            theme = by_key[key]
            description = render(theme.claims[0], random.Random(0), context) if theme.claims else ""
            themes.append({"id": key, "label": _demo_label(key), "description": description})
        responses, gold = _renumbered(items)
        questions.append(
            CodedQuestion(f"demo-{column}", QUESTIONS[column], responses, themes, gold, "demo")
        )
    return questions


# -- ArgKP ------------------------------------------------------------------------------------


def argkp_questions(folder: Path, per_question: int) -> list[CodedQuestion]:
    """ArgKP's dev topics: arguments as responses with their stance, key points as themes."""
    from sounding.datasets.argkp import load_argkp

    bench = load_argkp(folder, "dev")
    gold: dict[str, list[str]] = defaultdict(list)
    for pair in bench.gold:
        gold.setdefault(pair.response_id, [])
        if pair.theme_id:
            gold[pair.response_id].append(pair.theme_id)
    questions = []
    for qid, text in bench.questions.items():
        rows = [r for r in bench.rows if r.question_id == qid]
        rows = random.Random(SAMPLE_SEED).sample(rows, min(per_question, len(rows)))
        items = [(r.response_id, r.text, r.stance, gold[r.response_id]) for r in rows]
        themes = [
            {"id": c.id, "label": c.label, "stance": c.stance}
            for c in bench.codebook
            if c.question_id == qid
        ]
        responses, renumbered = _renumbered(items)
        questions.append(
            CodedQuestion(f"argkp-{qid}", text, responses, themes, renumbered, "argkp")
        )
    return questions
