"""Word (.docx): headings from paragraph styles, paragraphs, list items and table rows.

A Word file has no fixed pages (they depend on the printer), so the whole text is one
`Page` with no number; its headings give citations their place instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import BytesIO

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from sounding.assist.document import Block, ExtractedDocument, Heading, Page, Text
from sounding.assist.extract._common import Limits, clean, metadata, reading, row_text

_HEADING_STYLE = re.compile(r"Heading (\d)$")


def read_docx(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    """A Word document's blocks in document order, as one page without a number."""
    with reading(name, "Word document"):
        document = Document(BytesIO(data))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            blocks.extend(_table_rows(item) if isinstance(item, Table) else _paragraph(item))
        properties = document.core_properties
        found = metadata(properties.title, properties.author)
    return ExtractedDocument(name, "docx", (Page(None, "", tuple(blocks)),), metadata=found)


def heading_level(style: str) -> int | None:
    """The block level of a heading style: "Title" and "Heading 1" are 2 (HTML's h2, the
    top level in a page's body), "Heading 2" is 3, and so on up to 6."""
    if style == "Title":
        return 2
    match = _HEADING_STYLE.match(style)
    return min(int(match.group(1)) + 1, 6) if match else None


def _paragraph(paragraph: Paragraph) -> Iterator[Block]:
    text = clean(paragraph.text)
    if not text:
        return
    style = paragraph.style.name if paragraph.style is not None else None
    level = heading_level(style or "")
    if level is not None:
        yield Heading(level, text)
    else:
        yield Text(text, list_item="List" in (style or ""))


def _table_rows(table: Table) -> Iterator[Text]:
    for row in table.rows:
        # A cell spanning columns comes back once per column: keep it once.
        cells = row.cells
        kept = [cell for i, cell in enumerate(cells) if i == 0 or cell is not cells[i - 1]]
        if text := row_text(cell.text for cell in kept):
            yield Text(text)
