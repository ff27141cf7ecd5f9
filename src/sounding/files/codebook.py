"""Reading an analyst's codebook (themes given in advance) for deductive analysis.

Columns: `id` and `label` are required; `question` (the theme then applies to that
question only, by id or by full question text), `description` and `stance` are optional.
"""

from __future__ import annotations

from pathlib import Path

from sounding.consult.codebook import CodebookTheme
from sounding.consult.model import Consultation, Stance
from sounding.consult.stance import parse_stance
from sounding.consult.tabulate import NO_STANCE
from sounding.errors import InputError
from sounding.files.read import read_table

REQUIRED = ("id", "label")
_NEITHER = ("neutral", NO_STANCE)


def read_codebook(path: Path, consultation: Consultation) -> list[CodebookTheme]:
    """Themes from `path`, checked against the consultation's questions."""
    table = read_table(Path(path))
    columns = {c.strip().casefold(): c for c in table.columns}
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise InputError(
            f"Codebook {Path(path).name} has no {' or '.join(missing)} column.",
            "A codebook needs columns id and label; question, description and stance are "
            f"optional. Its columns are: {', '.join(table.columns)}.",
        )
    by_text = {q.text: q.id for q in consultation.questions}
    by_id = {q.id: q.id for q in consultation.questions}

    def cell(row: dict[str, str], name: str) -> str:
        return row[columns[name]].strip() if name in columns else ""

    themes: list[CodebookTheme] = []
    seen: set[tuple[str | None, str]] = set()
    for index, row in enumerate(table.rows):
        where = f"row {table.row_number(index)} of {Path(path).name}"
        theme_id, label = cell(row, "id"), cell(row, "label")
        if not theme_id or not label:
            raise InputError(f"The codebook's {where} has no id or no label.", "Fill both in.")
        question = cell(row, "question") or None
        if question is not None:
            if question not in by_id and question not in by_text:
                known = ", ".join(by_id)
                raise InputError(
                    f"The codebook's {where} names question {question!r}, which is not in the "
                    "consultation.",
                    f"Use one of the question ids: {known} (or leave question empty).",
                )
            question = by_id.get(question) or by_text[question]
        if (question, theme_id) in seen:
            raise InputError(
                f"Theme id {theme_id!r} appears twice in the codebook ({where}).",
                "Give every theme of a question its own id.",
            )
        seen.add((question, theme_id))
        raw_stance = cell(row, "stance")
        stance = parse_stance(raw_stance) or Stance.NEUTRAL
        # "none" is what themes.csv writes for a question with no stance to read.
        if raw_stance and stance is Stance.NEUTRAL and raw_stance.casefold() not in _NEITHER:
            raise InputError(
                f"The codebook's {where} has stance {raw_stance!r}.",
                "Use agree, disagree, neutral, or leave it empty.",
            )
        themes.append(CodebookTheme(theme_id, label, question, cell(row, "description"), stance))
    if not themes:
        raise InputError(f"Codebook {Path(path).name} has no themes.", "Add one theme per row.")
    return themes
