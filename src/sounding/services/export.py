"""Export: one output file of an analysis, rendered alone, as the bytes to download.

The file is made by the same writers as the command line's (formula-safe CSV and XLSX,
escaped HTML), so a download matches the file a run with the same analysis writes.
"""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

from sounding.consult.model import Analysis
from sounding.files.write import OUTPUT_FILES, write_output

_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".html": "text/html; charset=utf-8",
}
#: What may be exported, with its content type: the writers' files, nothing else.
CONTENT_TYPES = {name: _TYPES[Path(name).suffix] for name in OUTPUT_FILES}


def export(analysis: Analysis, name: str, title: str | None = None) -> bytes:
    """The output file called `name` (one of CONTENT_TYPES) for `analysis`; `title`, when
    given, is the report's title (the web app passes the consultation's name)."""
    if name not in CONTENT_TYPES:
        raise KeyError(name)
    if title is not None:
        analysis = dataclasses.replace(analysis, title=title)
    with tempfile.TemporaryDirectory(prefix="sounding-export-") as folder:
        path = Path(folder) / name
        write_output(analysis, name, path)
        return path.read_bytes()
