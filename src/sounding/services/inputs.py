"""Reading a consultation file: read the table, decide each column's role, build responses.

The command line and the web app both read their input here. A caller with its own checks
on reading (the web app's upload limits) passes its reader; the steps after it are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sounding.consult.model import Consultation
from sounding.files.columns import ColumnOverrides, ColumnPlan, detect_columns
from sounding.files.consultation import build_consultation
from sounding.files.read import Table, read_table

#: Reads a file (and, for a workbook, the named sheet or the first) into a table.
Reader = Callable[[Path, str | None], Table]


def read_consultation(
    path: Path,
    sheet: str | None = None,
    overrides: ColumnOverrides | None = None,
    question_texts: dict[str, str] | None = None,
    reader: Reader = read_table,
) -> tuple[Consultation, ColumnPlan]:
    """The consultation in `path` and the column plan it was read with; `overrides` are the
    user's choices of columns, `question_texts` readable text for question ids."""
    return consultation_from_table(reader(Path(path), sheet), overrides, question_texts)


def consultation_from_table(
    table: Table,
    overrides: ColumnOverrides | None = None,
    question_texts: dict[str, str] | None = None,
) -> tuple[Consultation, ColumnPlan]:
    """The consultation in an already-read `table`, and the column plan it was read with."""
    plan = detect_columns(table, overrides)
    return build_consultation(table, plan, question_texts), plan
