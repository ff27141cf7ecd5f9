"""OpenDocument text (.odt): headings by outline level, paragraphs, list items, table rows.

Like a Word file, an .odt has no fixed pages, so its text is one `Page` with no number.
odfpy gives an untyped DOM; the walk below reads only the elements that hold body text.
"""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO

from odf import dc, meta
from odf.element import Element, Node
from odf.namespaces import TABLENS, TEXTNS
from odf.opendocument import load

from sounding.assist.document import Block, ExtractedDocument, Heading, Page, Text
from sounding.assist.extract._common import Limits, clean, metadata, reading, row_text

_HEADING = (TEXTNS, "h")
_PARAGRAPH = (TEXTNS, "p")
_LISTS = frozenset({(TEXTNS, "list"), (TEXTNS, "list-item"), (TEXTNS, "list-header")})
_TABLE = (TABLENS, "table")
_ROW = (TABLENS, "table-row")
_CELLS = frozenset({(TABLENS, "table-cell"), (TABLENS, "covered-table-cell")})
#: Characters that stand for white space.
_SPACES = frozenset({(TEXTNS, "s"), (TEXTNS, "tab"), (TEXTNS, "line-break")})
#: Parts that repeat text found elsewhere (a table of contents) or sit apart from the flow
#: of a sentence (footnotes), or hold no text.
_LEFT_OUT = frozenset(
    {
        (TEXTNS, "note"),
        (TEXTNS, "table-of-content"),
        (TEXTNS, "sequence-decls"),
        (TEXTNS, "tracked-changes"),
    }
)


def read_odt(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    """An OpenDocument text's blocks in document order, as one page without a number."""
    with reading(name, "OpenDocument text"):
        document = load(BytesIO(data))
        blocks = tuple(_blocks(document.text, in_list=False))
        found = metadata(
            _first(document.meta, dc.Title),
            _first(document.meta, meta.InitialCreator) or _first(document.meta, dc.Creator),
        )
    return ExtractedDocument(name, "odt", (Page(None, "", blocks),), metadata=found)


def _blocks(element: Element, *, in_list: bool) -> Iterator[Block]:
    for child in element.childNodes:
        if child.nodeType != Node.ELEMENT_NODE or child.qname in _LEFT_OUT:
            continue
        if child.qname == _HEADING:
            if text := clean(_text(child)):
                yield Heading(_level(child), text)
        elif child.qname == _PARAGRAPH:
            if text := clean(_text(child)):
                yield Text(text, list_item=in_list)
        elif child.qname == _TABLE:
            yield from _rows(child)
        else:
            yield from _blocks(child, in_list=in_list or child.qname in _LISTS)


def _level(heading: Element) -> int:
    """Outline level 1 is block level 2 (as Word's "Heading 1"), up to 6."""
    value = str(heading.getAttrNS(TEXTNS, "outline-level") or "1")
    return min(int(value) + 1, 6) if value.isdigit() else 2


def _rows(element: Element) -> Iterator[Text]:
    """A table's rows (inside header and row groups too), one block per row."""
    for child in element.childNodes:
        if child.nodeType != Node.ELEMENT_NODE:
            continue
        if child.qname == _ROW:
            cells = (_text(cell) for cell in child.childNodes if _qname(cell) in _CELLS)
            if text := row_text(cells):
                yield Text(text)
        elif child.qname != _TABLE:  # a nested table is read as part of its cell
            yield from _rows(child)


def _text(element: Element) -> str:
    """The text under an element; spaces, tabs and line breaks as spaces, notes left out."""
    parts: list[str] = []
    for child in element.childNodes:
        if child.nodeType == Node.TEXT_NODE:
            parts.append(str(child.data))
        elif child.nodeType != Node.ELEMENT_NODE or child.qname in _LEFT_OUT:
            continue
        elif child.qname in _SPACES:
            parts.append(" ")
        else:
            parts.append(_text(child) + (" " if child.qname == _PARAGRAPH else ""))
    return "".join(parts)


def _qname(node: Node) -> tuple[str, str] | None:
    return node.qname if node.nodeType == Node.ELEMENT_NODE else None


def _first(parent: Element, kind: object) -> str | None:
    """The text of the first element of a kind under `parent` (odfpy's metadata)."""
    found = parent.getElementsByType(kind)
    return _text(found[0]) if found else None
