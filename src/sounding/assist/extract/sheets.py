"""Excel (.xlsx): one page per sheet, one block per non-empty row.

Formulas are read as the values Excel last saved with them (never evaluated here), and a
sheet is read to at most `MAX_ROWS` rows so a data dump cannot swamp a collection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from io import BytesIO

from openpyxl import load_workbook

from sounding.assist.document import ExtractedDocument, Page, Text
from sounding.assist.extract._common import Limits, check_pages, metadata, reading, row_text

#: Rows read from one sheet; the rest are left out (and listed in `skipped`).
MAX_ROWS = 10_000


def read_xlsx(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    """Every worksheet, numbered from 1 and labelled "sheet <its name>"."""
    pages: list[Page] = []
    skipped: list[str] = []
    with reading(name, "Excel file"):
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = workbook.worksheets
            check_pages(len(sheets), name, limits, "sheet")
            for number, sheet in enumerate(sheets, start=1):
                label = f"sheet {sheet.title}"
                rows, complete = _rows(sheet.iter_rows(values_only=True))
                pages.append(Page(number, label, tuple(rows)))
                if not complete:
                    skipped.append(f"{label}: rows after the first {MAX_ROWS:,} with text")
                elif not rows:
                    skipped.append(f"{label}: empty")
            properties = workbook.properties
            found = metadata(properties.title, properties.creator)
        finally:
            workbook.close()
    return ExtractedDocument(name, "xlsx", tuple(pages), metadata=found, skipped=tuple(skipped))


def _rows(rows: Iterable[tuple[object, ...]]) -> tuple[list[Text], bool]:
    """Blocks for the first MAX_ROWS rows with text, and whether that was all of them."""
    blocks: list[Text] = []
    for text in _row_texts(rows):
        if len(blocks) == MAX_ROWS:
            return blocks, False
        blocks.append(Text(text))
    return blocks, True


def _row_texts(rows: Iterable[tuple[object, ...]]) -> Iterator[str]:
    for row in rows:
        if text := row_text(plain(value) for value in row):
            yield text


def plain(value: object) -> str:
    """A cell's value as a reader would write it: 3 not 3.0, dates as 2025-04-01."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
