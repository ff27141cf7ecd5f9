"""Read a human coding ("gold") file and an analysis folder into `consult.evaluate` inputs.

The gold file is long: one row per (response, gold theme), columns `response_id`,
`question`, `theme_id` and optionally `stance`. A response coded with no theme has one row
with an empty `theme_id`, so it is still known to be coded. `stance` (agree, disagree,
neutral or empty) is the response's position, repeated on its rows. It is read with
`read_table`, so a spreadsheet export (CSV in any encoding, TSV, XLSX) works as well.

The analysis side is what `sounding consult analyse` wrote: assignments.csv gives the
predicted themes, responses.csv each response's status and stance, summary.json each
question's text, so a gold file may name its questions by their text, as the input file
did, or by the ids the analysis gave them. Those files neutralised
cells that a spreadsheet would run as formulas with a leading `'`, which is undone here for
ids so they compare equal to the gold's.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from sounding.consult.evaluate import QuestionCoding, rank_by_score
from sounding.consult.stance import read_stance
from sounding.errors import InputError
from sounding.files.read import allow_long_cells, read_table
from sounding.files.write import FORMULA_PREFIXES

GOLD_COLUMNS = ("response_id", "question", "theme_id")
GOLD_STANCE_COLUMN = "stance"
STANCES = ("agree", "disagree", "neutral")
ASSIGNMENT_COLUMNS = ("response_id", "question", "theme_id", "score")
RESPONSE_COLUMNS = ("response_id", "question", "status", "stance")
_ANALYSE_HINT = "Give the folder that `sounding consult analyse --out` wrote."


@dataclass
class GoldResponse:
    """One coded response: its themes in gold file order (first = main) and its stance."""

    themes: list[str] = field(default_factory=list)
    stance: str = ""


@dataclass
class GoldCoding:
    """question id → response id → coding, both in gold file order."""

    source: str
    questions: dict[str, dict[str, GoldResponse]]

    @property
    def n_responses(self) -> int:
        return sum(len(r) for r in self.questions.values())


@dataclass
class AnalysisOutput:
    """What evaluation needs from an analysis folder, keyed by (question id, response id)."""

    source: str
    scored_themes: dict[tuple[str, str], list[tuple[str, float]]]
    statuses: dict[tuple[str, str], str]
    stances: dict[tuple[str, str], str]
    assigned_themes: dict[str, set[str]]  # question id → every theme it assigned
    #: question text → question id, from summary.json (empty where it cannot be read)
    question_ids: dict[str, str] = field(default_factory=dict)


def unquote_id(value: str) -> str:
    """Undo `safe_cell`'s leading quote on an id, then trim it."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        value = value[1:]
    return value.strip()


def read_gold(path: Path) -> GoldCoding:
    """Read the gold file; raises InputError naming the row for anything ambiguous."""
    path = Path(path)
    table = read_table(path)
    missing = [c for c in GOLD_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(
            f"The gold file '{path.name}' has no {_names(missing)} column"
            f"{'s' if len(missing) > 1 else ''} (it has: {_names(table.columns)}).",
            "A gold file has one row per (response, theme) with columns response_id, question, "
            "theme_id and optionally stance; an uncoded response has an empty theme_id.",
        )
    has_stance = GOLD_STANCE_COLUMN in table.columns
    questions: dict[str, dict[str, GoldResponse]] = {}
    for index, row in enumerate(table.rows):
        line = table.row_number(index)
        response_id, question = row["response_id"].strip(), row["question"].strip()
        if not response_id or not question:
            empty = "response_id" if not response_id else "question"
            raise InputError(
                f"Row {line} of the gold file '{path.name}' has an empty {empty}.",
                "Every gold row names a response and its question.",
            )
        coded = questions.setdefault(question, {}).setdefault(response_id, GoldResponse())
        theme = row["theme_id"].strip()
        if theme and theme not in coded.themes:
            coded.themes.append(theme)
        stance = _gold_stance(row[GOLD_STANCE_COLUMN]) if has_stance else ""
        if stance is None:
            raise InputError(
                f"Row {line} of the gold file '{path.name}' has stance "
                f"{row[GOLD_STANCE_COLUMN].strip()!r}.",
                f"Use {', '.join(STANCES)} (or a closed answer such as support, oppose, "
                "object) or leave it empty.",
            )
        if stance and coded.stance and stance != coded.stance:
            raise InputError(
                f"Row {line} of the gold file '{path.name}' gives response {response_id!r} "
                f"stance {stance!r}, but an earlier row gave {coded.stance!r}.",
                "A stance belongs to the response: repeat the same one on each of its rows.",
            )
        coded.stance = coded.stance or stance
    return GoldCoding(str(path), questions)


def read_analysis(out_dir: Path) -> AnalysisOutput:
    """Read assignments.csv and responses.csv from an analysis folder."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise InputError(f"Analysis folder not found: {out_dir}", _ANALYSE_HINT)
    scored: dict[tuple[str, str], list[tuple[str, float]]] = {}
    assigned: dict[str, set[str]] = {}
    for line, row in _read_csv(out_dir / "assignments.csv", ASSIGNMENT_COLUMNS):
        key = (unquote_id(row["question"]), unquote_id(row["response_id"]))
        theme = unquote_id(row["theme_id"])
        try:
            score = float(row["score"])
        except ValueError:
            raise InputError(
                f"Row {line} of assignments.csv has score {row['score']!r}, not a number.",
                "Re-run the analysis, or restore the file it wrote.",
            ) from None
        if theme:
            scored.setdefault(key, []).append((theme, score))
            assigned.setdefault(key[0], set()).add(theme)
    statuses: dict[tuple[str, str], str] = {}
    stances: dict[tuple[str, str], str] = {}
    for _, row in _read_csv(out_dir / "responses.csv", RESPONSE_COLUMNS):
        key = (unquote_id(row["question"]), unquote_id(row["response_id"]))
        statuses.setdefault(key, row["status"].strip().lower())
        stances.setdefault(key, row["stance"].strip().lower())
    return AnalysisOutput(
        str(out_dir), scored, statuses, stances, assigned, _question_ids(out_dir / "summary.json")
    )


def _question_ids(summary: Path) -> dict[str, str]:
    """Question text → id, as the analysis recorded them; empty where summary.json is
    missing or unreadable (ids alone then name the questions)."""
    try:
        questions = json.loads(summary.read_text(encoding="utf-8"))["questions"]
        return {" ".join(q["text"].split()): q["id"] for q in questions if q.get("text")}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def codings(gold: GoldCoding, analysis: AnalysisOutput) -> list[QuestionCoding]:
    """Line up each gold question's responses with the analysis's answer for them.

    Raises InputError when no gold response is in the analysis at all: then the files are
    about different things (or name questions differently) and every score would be 0.
    A gold question named by its text is read as the id the analysis gave it (a module
    survey's gold, written with the input's question texts, had matched nothing).
    """
    known = {q for q, _ in analysis.statuses}
    gold = GoldCoding(
        gold.source,
        {
            (q if q in known else analysis.question_ids.get(" ".join(q.split()), q)): responses
            for q, responses in gold.questions.items()
        },
    )
    found = sum(
        (q, r) in analysis.statuses for q, responses in gold.questions.items() for r in responses
    )
    if not found:
        gold_qs = _names(list(gold.questions)[:5])
        analysis_qs = _names(sorted({q for q, _ in analysis.statuses})[:5]) or "none"
        # A few ids of each side: a form's timestamps taken for ids had matched no gold id,
        # and nothing said what the analysis's ids were.
        gold_ids = _names(list(dict.fromkeys(r for rs in gold.questions.values() for r in rs))[:3])
        analysis_ids = _names(list(dict.fromkeys(r for _, r in analysis.statuses))[:3]) or "none"
        raise InputError(
            f"None of the {gold.n_responses} gold responses is in "
            f"{Path(analysis.source) / 'responses.csv'}.",
            f"Check that the gold question and response ids are those of the analysis "
            f"(gold questions: {gold_qs}; analysis questions: {analysis_qs}; gold response "
            f"ids: {gold_ids}; analysis response ids: {analysis_ids}).",
        )
    # In the analysis's order of questions, as its report has them (a consultation's
    # evaluation had listed Q1, Q3, Q4, Q2 as its gold file did); those it lacks last.
    order = {q: i for i, q in enumerate(dict.fromkeys(q for q, _ in analysis.statuses))}
    out = []
    for question, responses in sorted(
        gold.questions.items(), key=lambda item: order.get(item[0], len(order))
    ):
        keys = [(question, r) for r in responses]
        out.append(
            QuestionCoding(
                question_id=question,
                response_ids=list(responses),
                gold_themes=[list(c.themes) for c in responses.values()],
                predicted_themes=[rank_by_score(analysis.scored_themes.get(k, [])) for k in keys],
                gold_stances=[c.stance for c in responses.values()],
                predicted_stances=[analysis.stances.get(k, "") for k in keys],
                statuses=[analysis.statuses.get(k, "") for k in keys],
                assigned_theme_ids=frozenset(analysis.assigned_themes.get(question, set())),
            )
        )
    return out


def load_evaluation_inputs(
    out_dir: Path, gold_path: Path
) -> tuple[list[QuestionCoding], list[str]]:
    """The per-question codings and the statuses of all the analysis's responses."""
    gold = read_gold(gold_path)
    analysis = read_analysis(out_dir)
    return codings(gold, analysis), list(analysis.statuses.values())


def _gold_stance(value: str) -> str | None:
    """A gold stance as agree, disagree or neutral ("" when blank, None when unknown): an
    analyst codes with the consultation's own words ("Object", "Support"), which the one
    stance vocabulary reads as it reads the closed answers themselves."""
    try:
        stance = read_stance(value)
    except ValueError:
        return None
    return stance.value if stance else ""


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of one of the analysis's own CSV files, with the line each starts on."""
    if not path.is_file():
        raise InputError(f"{path.parent} has no {path.name}.", _ANALYSE_HINT)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"Cannot read {path}: {error}", _ANALYSE_HINT) from error
    allow_long_cells()
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in required if c not in header]
        if missing:
            has = f"it has: {_names(header)}" if header else "it is empty"
            raise InputError(f"{path} has no {_names(missing)} column ({has}).", _ANALYSE_HINT)
        index = {name: header.index(name) for name in required}
        rows: list[tuple[int, dict[str, str]]] = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                rows.append(
                    (start, {n: record[i] if i < len(record) else "" for n, i in index.items()})
                )
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(
            f"Cannot parse {path} near line {reader.line_num}: {error}.", _ANALYSE_HINT
        ) from error
    return rows


def _names(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)
