"""HTML and markdown as blocks: headings (with their anchors) and text, in reading order.

Used for GOV.UK content (HTML from the Content API, markdown from some exports) and for
uploaded HTML, Markdown and e-mail bodies. In HTML a heading keeps its `id`; in markdown it
gets the anchor GOV.UK derives from the heading's words (`anchor_for`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sounding.retrieval.passages import Block, Heading, Text

_BLOCK_TAGS = frozenset(
    {"p", "li", "tr", "div", "dd", "dt", "blockquote", "pre", "table", "ul", "ol", "br", "summary"}
)
_HEADINGS = {f"h{n}": n for n in range(2, 7)}
_SKIPPED = frozenset({"script", "style", "template"})
_SPACES = re.compile(r"\s+")


def _padded(rows: list[list[str]]) -> list[list[str]]:
    """Rows below the first padded with empty cells to the widest; the first is left as it
    is, as a heading row one cell short means something (see `table_lines`)."""
    width = max(len(row) for row in rows)
    return [rows[0], *(row + [""] * (width - len(row)) for row in rows[1:])]


def table_lines(rows: list[list[str]], header: bool) -> list[str]:
    """Each data row of a table as a line that reads alone: its cells named by their column
    headings ("April 2024 – 21 and over: £11.44; 18 to 20: £8.60"), so a row quoted or
    searched by itself still says which figure is which. `header`: the first row names the
    columns. A heading row one cell short (no name over the row labels) names the cells
    after the first; without headings a row's cells are joined with "; "."""
    names = rows[0] if header and rows else []
    lines = []
    for row in rows[1:] if names else rows:
        if not any(row):
            continue
        if names and len(names) == len(row) - 1:
            pairs = [f"{n}: {v}" if n else v for n, v in zip(names, row[1:], strict=True) if v]
            lines.append(f"{row[0]} – {'; '.join(pairs)}" if row[0] else "; ".join(pairs))
        elif names:
            named = zip(names, row, strict=False)
            lines.append("; ".join(f"{n}: {v}" if n else v for n, v in named if v))
        else:
            lines.append("; ".join(v for v in row if v))
    return lines


class _HtmlBlocks(HTMLParser):
    """Headings (with their ids) and text blocks, in order, from a body of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._heading: tuple[int, str] | None = None
        self._lists = 0
        self._skipping = 0
        #: Tables open (only the outermost is read as rows), its rows, the row and cell
        #: being read (a cell: its text and whether it is a heading cell).
        self._tables = 0
        self._rows: list[list[tuple[str, bool]]] = []
        self._row: list[tuple[str, bool]] | None = None
        self._cell: tuple[list[str], bool] | None = None

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._buffer)).strip()
        self._buffer = []
        if not text:
            return
        if self._heading is not None:
            self.blocks.append(Heading(self._heading[0], text, self._heading[1]))
        else:
            self.blocks.append(Text(text, list_item=self._lists > 0))

    def _end_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            self._row.append((_SPACES.sub(" ", "".join(self._cell[0])).strip(), self._cell[1]))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row:
            self._rows.append(self._row)
        self._row = None

    def _end_table(self) -> None:
        self._end_row()
        rows, self._rows = self._rows, []
        if not rows:
            return
        header = all(heading for text, heading in rows[0] if text)
        for line in table_lines(_padded([[text for text, _ in r] for r in rows]), header):
            self.blocks.append(Text(line))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "table":
            self._flush()
            self._tables += 1
        elif self._tables == 1 and tag == "tr":
            self._end_row()
            self._row = []
        elif self._tables == 1 and tag in {"td", "th"}:
            self._end_cell()
            if self._row is None:
                self._row = []
            self._cell = ([], tag == "th")
        elif self._cell is not None:
            self._cell[0].append(" ")  # a paragraph or line break inside a cell
        elif tag in _HEADINGS:
            self._flush()
            self._heading = (_HEADINGS[tag], dict(attrs).get("id") or "")
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._lists += 1
        elif tag in {"td", "th"}:
            self._buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "table":
            self._tables = max(0, self._tables - 1)
            if self._tables == 0:
                self._end_table()
        elif self._tables == 1 and tag in {"td", "th"}:
            self._end_cell()
        elif self._tables == 1 and tag == "tr":
            self._end_row()
        elif self._cell is not None:
            self._cell[0].append(" ")
        elif tag in _HEADINGS:
            self._flush()
            self._heading = None
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._lists = max(0, self._lists - 1)

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._cell is not None:
            self._cell[0].append(data)
        elif not self._tables:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
        if self._tables:
            self._end_table()
        self._flush()


def html_blocks(html: str) -> list[Block]:
    parser = _HtmlBlocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


_MD_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[*+-]|\d+\.)\s+(.*)$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_ABBREVIATION = re.compile(r"^\s*\*\[[^\]]+\]:")
_MD_MARKER = re.compile(r"^\s*(?:\$[A-Z]+|\{:[^}]*\}|%|\^)\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|\\)(?=\S)|(?<=\S)(\*\*|__|\*)")
_MD_INLINE_MARKS = re.compile(r"^[%^]\s*|\s*[%^]$|\{:[^}]*\}")
#: The line under a markdown table's heading row: "---|---|---" (with optional pipes, colons).
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def anchor_for(heading: str) -> str:
    """The anchor GOV.UK gives a markdown heading: lower case, apostrophes dropped, other
    runs of punctuation and spaces one hyphen."""
    text = re.sub(r"['’‘]", "", heading.lower())
    return re.sub(r"[^\w]+", "-", text).strip("-")


def _inline(text: str) -> str:
    if "<" in text or "&" in text:
        # Markdown may hold inline HTML and entities: read them as a browser shows them.
        text = " ".join(block.text for block in html_blocks(text))
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_INLINE_MARKS.sub("", text)
    return _SPACES.sub(" ", _MD_EMPHASIS.sub("", text)).strip()


def _md_cells(line: str) -> list[str]:
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") else text
    cells = [_inline(cell) for cell in text.split("|")]
    while cells and not cells[-1]:
        cells.pop()  # a trailing pipe, or spaces after it
    return cells


def markdown_blocks(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Text(_inline(" ".join(paragraph))))
            paragraph.clear()
        if table:
            blocks.extend(Text(line) for line in table_lines(_padded(table), header=True))
            table.clear()

    lines = markdown.splitlines()
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if table and _MD_TABLE_RULE.match(line):
            continue
        if table and "|" in line and line.strip():
            table.append(_md_cells(line))
            continue
        if "|" in line and _MD_TABLE_RULE.match(following):
            flush()
            table.append(_md_cells(line))
            continue
        if not line.strip() or _MD_ABBREVIATION.match(line) or _MD_MARKER.match(line):
            flush()
        elif heading := _MD_HEADING.match(line):
            flush()
            text = _inline(heading.group(2))
            blocks.append(Heading(len(heading.group(1)), text, anchor_for(text)))
        elif item := _MD_ITEM.match(line):
            flush()
            blocks.append(Text(_inline(item.group(1)), list_item=True))
        else:
            paragraph.append(line.strip())
    flush()
    return [b for b in blocks if not isinstance(b, Text) or b.text]


def body_blocks(body: str) -> list[Block]:
    """Blocks of a body in either of the forms GOV.UK content comes in."""
    if re.search(r"<(?:p|h[2-6]|ul|ol|div|table)\b", body):
        return html_blocks(body)
    return markdown_blocks(body)
