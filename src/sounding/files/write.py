"""Write a Consult `Analysis` to disk: CSV tables, summary.json, report.xlsx and report.html.

Response text is untrusted, so every text cell a spreadsheet would run as a formula is kept
as text: in CSV by a leading `'` (`safe_cell`), in XLSX by a string cell marked as typed
text (Excel's quote prefix, which does not show), and the HTML report escapes everything.
Outputs are deterministic (only summary.json carries timings) so a rerun on the same input
gives byte-identical files that diff cleanly. The set is written into a sibling temporary
directory and only moved into place once every file has been written, so a failure never
leaves a half-written set that looks complete.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import shutil
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import xlsxwriter

from sounding.consult.group_order import group_order
from sounding.consult.model import Analysis, QuestionAnalysis, Stance, Status, Theme
from sounding.consult.tabulate import ALL, NO_STANCE, OTHER_THEME
from sounding.errors import InputError
from sounding.report.disclosure import (
    WITHHELD,
    fewer_than,
    group_name,
    group_sizes,
    group_tables,
    min_group_size,
    withheld_everywhere,
    withheld_groups,
)
from sounding.report.html import flatten_settings, render_report, report_title, source_name

# A cell is text (neutralised on output), a number, a flag, or empty.
Cell = str | int | float | bool | None
Row = Sequence[Cell]

# Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# xlsxwriter stamps the document with the time it was written unless told otherwise; a fixed
# date keeps report.xlsx byte-identical across runs.
FIXED_CREATED = datetime(2000, 1, 1)

# Excel holds 1,048,576 rows a sheet, one of them the header.
XLSX_MAX_DATA_ROWS = 1_048_575
#: Characters an Excel cell holds.
XLSX_MAX_CELL_CHARS = 32_767


def xlsx_text(text: str) -> str:
    """Text an Excel cell can hold: a longer one is cut and says so, and where the whole
    is (Excel would cut it silently, or refuse the file)."""
    if len(text) <= XLSX_MAX_CELL_CHARS:
        return text
    note = f" … [cut here: {len(text):,} characters in all, every one in the CSV files]"
    return text[: XLSX_MAX_CELL_CHARS - len(note)] + note


#: CSV files start with a byte order mark: Excel, which most analysts open them with, reads
#: a CSV without one in the computer's legacy code page and garbles every accent and "£".
CSV_ENCODING = "utf-8-sig"
#: Between the labels of a response's themes (labels are sentences, and may hold ";").
LABEL_SEPARATOR = " | "

OUTPUT_FILES = (
    "themes.csv",
    "assignments.csv",
    "campaigns.csv",
    "responses.csv",
    "breakdown.csv",
    "cross_question.csv",
    "summary.json",
    "report.xlsx",
    "report.html",
)

#: What each output holds, in a sentence, for people choosing which to open.
OUTPUT_DESCRIPTIONS = {
    "themes.csv": "Every theme of every question, with its description, stance, count and share.",
    "assignments.csv": "Which themes each response was given, one row per response and theme.",
    "campaigns.csv": "Template letters and copy-paste groups, with how many added their own words.",
    "responses.csv": "Every response with what became of it: its themes, Other, blank, duplicate "
    "or rejected (and why).",
    "breakdown.csv": "Counts by theme, stance and respondent group, small groups suppressed.",
    "cross_question.csv": "Themes of different questions that make the same point.",
    "summary.json": "All of the above in one file, with the settings and versions that made it.",
    "report.xlsx": "The tables above as a workbook, one sheet each.",
    "report.html": "The report to read or publish: summary, charts, quotes, groups and method.",
}

#: The order `write_outputs` writes them in: the big tables last.
_CHEAPEST_FIRST = (
    "summary.json",
    "report.html",
    *(n for n in OUTPUT_FILES if n.endswith(".csv")),
    "report.xlsx",
)


def safe_cell(value: str) -> str:
    """Prefix a single quote to text a spreadsheet would run as a formula.

    Applied to every text cell in CSV and XLSX, because response text (and ids, and labels
    quoted from responses) comes from the public and opening a CSV must not execute it.
    """
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One output column: `kind` decides CSV formatting and the XLSX cell type."""

    name: str
    kind: str = "text"  # text | int | dec4 | bool
    width: float = 14


@dataclass(frozen=True)
class Table:
    """A table written both as a CSV file and as an XLSX sheet; `rows` can be iterated twice."""

    filename: str
    sheet: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterable[Sequence[Cell]]]
    count: int


def _labels(q: QuestionAnalysis) -> dict[str, str]:
    """Theme id → label for one question, "other" included, so tables can show both."""
    return {OTHER_THEME: "Other (no theme matched)", **{t.id: t.label for t in q.themes}}


def _withheld(
    q: QuestionAnalysis, minimum: int, everywhere: Mapping[str, Collection[str]]
) -> dict[tuple[str, str], str]:
    """(dimension, group) → what its numbers read instead, for each group not published:
    here, or in another table of its dimension (`everywhere`)."""
    return {
        (dimension, value): shown
        for dimension, groups in group_sizes(q).items()
        for value, shown in withheld_groups(groups, minimum, everywhere.get(dimension, ())).items()
    }


def _breakdown_rows(
    q: QuestionAnalysis,
    labels: dict[str, str],
    minimum: int,
    everywhere: Mapping[str, Collection[str]],
) -> Iterator[Row]:
    """The question's breakdown cells, zeros included: every theme and stance met overall,
    in every published group, so that a pivot table of the file agrees with the report's 0%.
    A group withheld from publication (under `minimum` respondents, or hidden so that those
    cannot be worked out) has one row of its own instead of one per theme and stance: which
    themes a small group raised at all would say something about the few people in it."""
    withheld = _withheld(q, minimum, everywhere)
    counts = {(b.theme_id, b.stance, b.dimension, b.value): b.count for b in q.breakdown}
    sizes = {(b.dimension, b.value): b.group_size for b in q.breakdown}
    met = {(theme, stance) for theme, stance, _, _ in counts}
    # A dimension's groups in the order a reader expects: a rating's scale, numbers by value
    # (sorted as text, a 0-10 score's groups had read 10, 3, 4...).
    order = {
        (dimension, value): rank
        for dimension in {d for d, _ in sizes}
        for rank, value in enumerate(group_order(v for d, v in sizes if d == dimension))
    }
    cells = sorted(
        (
            (theme, stance, dimension, value)
            for theme, stance in met
            for dimension, value in sizes
            if (dimension, value) not in withheld
        ),
        key=lambda cell: (cell[0], cell[1], cell[2], order[cell[2], cell[3]]),
    )
    for theme, stance, dimension, value in cells:
        count, size = counts.get((theme, stance, dimension, value), 0), sizes[dimension, value]
        yield (
            q.question.id,
            theme,
            labels.get(theme, ""),
            stance,
            dimension,
            group_name(value) if value != ALL else value,
            count,
            size,
            count / size if size else None,
        )
    # The withheld groups' rows come after the published ones, not among a theme's rows.
    for dimension, value in sorted(g for g in sizes if g in withheld):
        hidden = withheld[dimension, value]
        yield (q.question.id, "", "", "", dimension, group_name(value), hidden, hidden, None)


def _tables(analysis: Analysis) -> list[Table]:
    qs = analysis.questions
    labels = {q.question.id: _labels(q) for q in qs}
    minimum = min_group_size(analysis.settings)
    everywhere = withheld_everywhere(group_tables(analysis), minimum)

    def breakdown(q: QuestionAnalysis) -> Iterator[Row]:
        return _breakdown_rows(q, labels[q.question.id], minimum, everywhere)

    return [
        Table(
            "themes.csv",
            "Themes",
            (
                Column("question", width=12),
                Column("theme_id", width=12),
                Column("label", width=50),
                Column("description", width=70),
                Column("stance", width=10),
                Column("tone", width=10),
                Column("count", "int", 9),
                Column("share", "dec4", 9),
                Column("summary", width=70),
                Column("minority_view", width=50),
            ),
            lambda: (
                (
                    q.question.id,
                    t.id,
                    t.label,
                    t.description,
                    _theme_stance(q, t),
                    str(t.tone) if t.tone else None,
                    t.count,
                    t.share,
                    t.summary or None,
                    t.minority_view or None,
                )
                for q in qs
                for t in q.themes
            ),
            sum(len(q.themes) for q in qs),
        ),
        Table(
            "assignments.csv",
            "Assignments",
            (
                Column("response_id", width=14),
                Column("question", width=12),
                Column("theme_id", width=12),
                Column("label", width=50),
                Column("score", "dec4", 9),
            ),
            lambda: (
                (
                    a.response_id,
                    q.question.id,
                    a.theme_id,
                    labels[q.question.id].get(a.theme_id, ""),
                    a.score,
                )
                for q in qs
                for a in q.assignments
            ),
            sum(len(q.assignments) for q in qs),
        ),
        Table(
            "campaigns.csv",
            "Campaigns",
            (
                Column("question", width=12),
                Column("campaign_id", width=14),
                Column("size", "int", 9),
                Column("with_own_words", "int", 15),
                Column("representative_id", width=18),
                Column("template", width=80),
            ),
            lambda: (
                (q.question.id, c.id, c.size, c.with_own_words, c.representative_id, c.template)
                for q in qs
                for c in q.campaigns
            ),
            sum(len(q.campaigns) for q in qs),
        ),
        Table(
            "responses.csv",
            "Responses",
            (
                Column("response_id", width=14),
                Column("question", width=12),
                Column("status", width=11),
                Column("stance", width=10),
                Column("theme_ids", width=16),
                Column("theme_labels", width=50),
                Column("duplicate_of", width=14),
                Column("campaign_id", width=14),
                Column("reason", width=24),
                Column("chunks", "int", 8),
                Column("evidence_rich", width=10),
                Column("flags", width=24),
                Column("language", width=9),
                Column("text", width=80),
            ),
            lambda: (
                (
                    o.response_id,
                    q.question.id,
                    str(o.status),
                    str(o.stance) if o.stance is not None else None,
                    ";".join(o.theme_ids),
                    LABEL_SEPARATOR.join(labels[q.question.id].get(t, "") for t in o.theme_ids),
                    o.duplicate_of,
                    o.campaign_id,
                    o.reason,
                    o.chunks,
                    "" if o.evidence_rich is None else str(o.evidence_rich).lower(),
                    "; ".join(o.flags),
                    o.language,
                    o.text,
                )
                for q in qs
                for o in q.outcomes
            ),
            sum(len(q.outcomes) for q in qs),
        ),
        Table(
            "breakdown.csv",
            "Breakdown",
            (
                Column("question", width=12),
                Column("theme_id", width=12),
                Column("label", width=50),
                Column("stance", width=10),
                Column("dimension", width=18),
                Column("value", width=24),
                Column("count", "int", 13),
                Column("group_size", "int", 13),
                Column("share_of_group", "dec4", 14),
            ),
            lambda: (row for q in qs for row in breakdown(q)),
            sum(sum(1 for _ in breakdown(q)) for q in qs),
        ),
        Table(
            "cross_question.csv",
            "Cross-question",
            (
                Column("link_id", width=10),
                Column("question", width=12),
                Column("theme_id", width=12),
                Column("label", width=60),
            ),
            lambda: (
                (link.id, t.question_id, t.theme_id, t.label)
                for link in analysis.links
                for t in link.themes
            ),
            sum(len(link.themes) for link in analysis.links),
        ),
    ]


def check_output_folder(out_dir: Path) -> None:
    """Refuse, before hours of analysis rather than after, a folder the outputs cannot go
    to: a file in its place or above it, or a place this user may not write."""
    target = Path(os.path.abspath(out_dir))
    for place in (target, *target.parents):
        if not place.exists():
            continue
        if not place.is_dir():
            raise InputError(
                f"The results cannot be written to '{out_dir}': '{place}' is a file, not a folder.",
                "Choose another output folder.",
            )
        if not os.access(place, os.W_OK | os.X_OK):
            raise InputError(
                f"The results cannot be written to '{out_dir}': '{place}' may not be written.",
                "Choose a folder you may write in.",
            )
        return


def write_outputs(analysis: Analysis, out_dir: Path) -> list[Path]:
    """Write every output for `analysis` into `out_dir` and return their paths.

    Files go to a temporary sibling directory first; only when all are written are they moved
    into `out_dir` (replacing files of the same name, leaving any others alone). If `out_dir`
    does not exist yet the whole directory is renamed into place in one step.
    """
    out_dir = Path(out_dir)
    target = Path(os.path.abspath(out_dir))  # so "." or "results/" still has a name and parent
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _make_partial_dir(target)
    try:
        for name in _CHEAPEST_FIRST:  # so a failure costs little
            write_output(analysis, name, tmp / name)
        _publish(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return [out_dir / name for name in OUTPUT_FILES]


def write_output(analysis: Analysis, name: str, path: Path) -> None:
    """Write the one output called `name` (one of OUTPUT_FILES) for `analysis` to `path`."""
    if name == "summary.json":
        _write_text(path, summary_json(analysis))
    elif name == "report.html":
        _write_text(path, render_report(analysis))
    elif name == "report.xlsx":
        _write_xlsx(path, analysis, _tables(analysis))
    else:
        tables = {table.filename: table for table in _tables(analysis)}
        if name not in tables:
            raise KeyError(name)
        _write_csv(path, tables[name])


def _make_partial_dir(out_dir: Path) -> Path:
    """Create `<out_dir>.partial-XXXXXXXX` beside `out_dir`, on the same filesystem.

    Made with mkdir rather than mkdtemp so it gets the usual permissions (mkdtemp's 0700 would
    carry over when the directory is renamed into place).
    """
    for _ in range(100):
        tmp = out_dir.with_name(f"{out_dir.name}.partial-{secrets.token_hex(4)}")
        try:
            tmp.mkdir()
        except FileExistsError:
            continue
        return tmp
    raise FileExistsError(f"could not create a temporary directory beside {out_dir}")


def _publish(tmp: Path, out_dir: Path) -> None:
    """Move the finished files into `out_dir`; summary.json last, as it marks a finished set.

    A new `out_dir` is the temporary directory renamed, in one step. An existing one keeps its
    identity (someone may have it open, or be in it) and has its files replaced one by one.
    """
    if not out_dir.exists():
        try:
            tmp.rename(out_dir)
            return
        except OSError:
            if not out_dir.is_dir():
                raise
    order = [n for n in OUTPUT_FILES if n != "summary.json"] + ["summary.json"]
    for name in order:
        os.replace(tmp / name, out_dir / name)


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def _csv_cell(value: Cell, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # text, or words in place of a number ("fewer than 10")
        return safe_cell(value)
    if kind == "bool":
        return "true" if value else "false"
    if kind == "dec4":
        return f"{float(value):.4f}"
    if kind == "int":
        return str(int(value))
    return safe_cell(str(value))


def _write_csv(path: Path, table: Table) -> None:
    kinds = [c.kind for c in table.columns]
    with path.open("w", encoding=CSV_ENCODING, newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c.name for c in table.columns])
        writer.writerows(
            [_csv_cell(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows()
        )


# -- summary.json -------------------------------------------------------------------------


def _status_counts(q: QuestionAnalysis) -> dict[str, int]:
    counts = {str(s): 0 for s in Status}
    for o in q.outcomes:
        counts[str(o.status)] += 1
    return counts


def _theme_stance(q: QuestionAnalysis, theme: Theme) -> str:
    """A theme's stance, or "none" (as breakdown.csv writes it) where the question has no
    stance to split by: "neutral" there would say its respondents took neither side. A side
    an analyst gave the theme in the web app is kept."""
    if q.question.stance_column or theme.stance is not Stance.NEUTRAL:
        return str(theme.stance)
    return NO_STANCE


def _question_summary(q: QuestionAnalysis) -> dict[str, object]:
    counts = _status_counts(q)
    return {
        "id": q.question.id,
        "text": q.question.text,
        "stance_column": q.question.stance_column,
        "counts": counts,
        "total": sum(counts.values()),
        "themes": [
            {
                "id": t.id,
                "label": t.label,
                "description": t.description,
                "stance": _theme_stance(q, t),
                "tone": str(t.tone) if t.tone else None,
                "count": t.count,
                "share": round(t.share, 4),
                "summary": t.summary,
                "minority_view": t.minority_view,
                "quotes": [{"response_id": x.response_id, "text": x.text} for x in t.quotes],
            }
            for t in q.themes
        ],
        "campaigns": [
            {
                "id": c.id,
                "template": c.template,
                "size": c.size,
                "with_own_words": c.with_own_words,
                "representative_id": c.representative_id,
                "member_ids": list(c.member_ids),
            }
            for c in q.campaigns
        ],
        "breakdown": [
            {
                "theme_id": b.theme_id,
                "stance": b.stance,
                "dimension": b.dimension,
                "value": b.value,
                "count": b.count,
                "group_size": b.group_size,
            }
            for b in q.breakdown
        ],
        "notes": list(q.notes),
        "coding": dict(q.coding),
        "multilingual": q.multilingual,
    }


def summary_json(analysis: Analysis) -> str:
    """The machine-readable summary; the only output that carries timings."""
    questions = [_question_summary(q) for q in analysis.questions]
    counts = {str(s): sum(q["counts"][str(s)] for q in questions) for s in Status}  # type: ignore[index]
    data = {
        "title": analysis.title,
        "source": analysis.source,
        "versions": analysis.versions,
        "settings": analysis.settings,
        "metadata_columns": list(analysis.metadata_columns),
        # Respondents per answer of those columns ("" for none): every count, as the
        # analyst's record; the report suppresses the small ones.
        "answers": analysis.answer_counts,
        # ... and per option of each tick-all-that-apply column (a respondent under each).
        "ticks": analysis.tick_counts,
        "counts": counts,
        "total": sum(counts.values()),
        "questions": questions,
        "cross_question": [
            {
                "id": link.id,
                "similarity": link.similarity,
                "confirmed_by_model": link.confirmed,
                "themes": [
                    {"question": t.question_id, "theme_id": t.theme_id, "label": t.label}
                    for t in link.themes
                ],
            }
            for link in analysis.links
        ],
        "notes": list(analysis.notes),
        "input_notes": list(analysis.input_notes),
        "timings": analysis.timings,
    }
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False, default=str) + "\n"


# -- report.xlsx --------------------------------------------------------------------------


class _Sheet:
    """Writes rows to one constant-memory worksheet, strictly in order, with safe strings."""

    def __init__(self, workbook: xlsxwriter.Workbook, name: str, formats: dict[str, object]):
        self.ws = workbook.add_worksheet(name)
        self.formats = formats
        self.row = 0

    def write(self, values: Iterable[Cell], kinds: Sequence[str] | None = None) -> None:
        ws, r = self.ws, self.row
        for c, value in enumerate(values):
            kind = kinds[c] if kinds else "text"
            if value is None:
                continue
            if isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, int | float) and kind != "text":
                if kind == "dec4":
                    ws.write_number(r, c, round(float(value), 4), self.formats["dec4"])
                else:
                    ws.write_number(r, c, value)
            elif (text := str(value)).startswith(FORMULA_PREFIXES):
                # Excel's own marking of text typed after an apostrophe: shown as written,
                # and kept as text when edited, where a leading "'" would show as a character.
                ws.write_string(r, c, xlsx_text(text), self.formats["as_text"])
            else:
                ws.write_string(r, c, xlsx_text(text))
        self.row += 1

    def header(self, columns: Sequence[Column]) -> None:
        for c, col in enumerate(columns):
            self.ws.write_string(self.row, c, safe_cell(col.name), self.formats["header"])
            self.ws.set_column(c, c, col.width)
        self.row += 1

    def finish_table(self, ncols: int, last_row: int, header_row: int = 0) -> None:
        self.ws.freeze_panes(header_row + 1, 0)
        self.ws.autofilter(header_row, 0, max(last_row, header_row), ncols - 1)


def _write_xlsx(path: Path, analysis: Analysis, tables: list[Table]) -> None:
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    workbook.set_properties(
        {"title": report_title(analysis), "author": "sounding", "created": FIXED_CREATED}
    )
    formats: dict[str, object] = {
        "title": workbook.add_format({"bold": True, "font_size": 16}),
        "header": workbook.add_format({"bold": True, "bottom": 1}),
        "dec4": workbook.add_format({"num_format": "0.0000"}),
        "bold": workbook.add_format({"bold": True}),
        "as_text": workbook.add_format({"quote_prefix": True}),
    }
    try:
        _write_summary_sheet(_Sheet(workbook, "Summary", formats), analysis, tables)
        for table in tables:
            sheet = _Sheet(workbook, table.sheet, formats)
            sheet.header(table.columns)
            kinds = [c.kind for c in table.columns]
            for row in _limit(table.rows(), XLSX_MAX_DATA_ROWS):
                sheet.write(row, kinds)
            sheet.finish_table(len(table.columns), sheet.row - 1)
    finally:
        workbook.close()


def _limit(rows: Iterable[Sequence[Cell]], n: int) -> Iterator[Sequence[Cell]]:
    for i, row in enumerate(rows):
        if i >= n:
            return
        yield row


def _write_summary_sheet(sheet: _Sheet, analysis: Analysis, tables: list[Table]) -> None:
    statuses = [str(s) for s in Status]
    columns = (
        Column("question", width=14),
        Column("text", width=60),
        Column("stance_column", width=16),
        *(Column(s, "int", 11) for s in statuses),
        Column("total", "int", 10),
        Column("themes", "int", 9),
        Column("campaigns", "int", 11),
    )
    kinds = [c.kind for c in columns]
    # The title first, as on the report's page; the table starts two rows below it.
    sheet.ws.write_string(0, 0, safe_cell(report_title(analysis)), sheet.formats["title"])
    sheet.row = header_row = 2
    sheet.header(columns)
    for q in analysis.questions:
        counts = _status_counts(q)
        sheet.write(
            [
                q.question.id,
                q.question.text,
                q.question.stance_column,
                *(counts[s] for s in statuses),
                sum(counts.values()),
                len(q.themes),
                len(q.campaigns),
            ],
            kinds,
        )
    sheet.finish_table(len(columns), sheet.row - 1, header_row)

    # Context below the table, as label/value pairs (outside the autofilter range).
    sheet.row += 1
    sheet.write(["source", source_name(analysis)])
    minimum = min_group_size(analysis.settings)
    sheet.write(
        [
            "note",
            f"Respondent groups of {fewer_than(minimum)} respondents are shown as "
            f"'{fewer_than(minimum)}' in the Breakdown sheet (small-cell suppression); "
            f"groups whose figures would let those be worked out from the totals read "
            f"'{WITHHELD}'.",
        ]
    )
    if analysis.metadata_columns:
        sheet.write(["metadata_columns", ", ".join(analysis.metadata_columns)])
    for table in tables:
        if table.count > XLSX_MAX_DATA_ROWS:
            sheet.write(
                [
                    "note",
                    f"The {table.sheet} sheet shows the first {XLSX_MAX_DATA_ROWS:,} of "
                    f"{table.count:,} rows (Excel's limit); {table.filename} has them all.",
                ]
            )
    sheet.row += 1
    for name, value in analysis.versions.items():
        sheet.write([f"version.{name}", value])
    for name, setting in flatten_settings(analysis.settings):
        shown: Cell = setting if isinstance(setting, int | float | bool) else _text(setting)
        sheet.write([f"setting.{name}", shown], ["text", "num"])


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)
