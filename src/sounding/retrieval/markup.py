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


class _HtmlBlocks(HTMLParser):
    """Headings (with their ids) and text blocks, in order, from a body of HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._buffer: list[str] = []
        self._heading: tuple[int, str] | None = None
        self._lists = 0
        self._skipping = 0

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self._buffer)).strip()
        self._buffer = []
        if not text:
            return
        if self._heading is not None:
            self.blocks.append(Heading(self._heading[0], text, self._heading[1]))
        else:
            self.blocks.append(Text(text, list_item=self._lists > 0))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
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
        elif tag in _HEADINGS:
            self._flush()
            self._heading = None
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag == "li":
                self._lists = max(0, self._lists - 1)

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._buffer.append(data)

    def close(self) -> None:
        super().close()
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


def anchor_for(heading: str) -> str:
    """The anchor GOV.UK gives a markdown heading: lower case, apostrophes dropped, other
    runs of punctuation and spaces one hyphen."""
    text = re.sub(r"['’‘]", "", heading.lower())
    return re.sub(r"[^\w]+", "-", text).strip("-")


def _inline(text: str) -> str:
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_INLINE_MARKS.sub("", text)
    return _SPACES.sub(" ", _MD_EMPHASIS.sub("", text)).strip()


def markdown_blocks(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Text(_inline(" ".join(paragraph))))
            paragraph.clear()

    for line in markdown.splitlines():
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
