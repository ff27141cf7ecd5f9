"""Plain text, Markdown and HTML: one page without a number, read with the retrieval
layer's own HTML and Markdown readers so uploaded pages are cut as guidance is.

Both readers start headings at level 2 (HTML's h2, a page body's top level). A document's
own top heading (HTML h1, Markdown "#") is read at level 2, as Word's "Title" is, and the
headings under it one level lower (to 6 at most), so "Team meeting notes" stays above
"Attendees" in every passage's heading path rather than beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sounding.assist.document import Block, ExtractedDocument, Heading, Page, Text
from sounding.assist.extract._common import Limits, clean, decode, metadata, paragraph_lines
from sounding.retrieval.markup import html_blocks, markdown_blocks

_MD_TOP_HEADING = re.compile(r"^#(?=[ \t])", re.MULTILINE)
_MD_HEADING = re.compile(r"^(#{1,5})(?=[ \t])", re.MULTILINE)
_HTML_H1 = re.compile(r"<h1\b", re.IGNORECASE)
_HTML_HEADING = re.compile(r"<(/?)h([1-5])\b", re.IGNORECASE)
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
#: The head holds no body text (a title, scripts, styles), only what the browser shows above.
_HTML_HEAD = re.compile(r"<head\b.*?</head\s*>", re.IGNORECASE | re.DOTALL)


#: At most this many words, no closing punctuation, and a capital or number first: a line
#: that reads as a heading ("Lost or stolen cards"), not as a sentence or a list item.
HEADING_WORDS = 8
_HEADING_LINE = re.compile(r"^[A-Z0-9][^.!?,;:]*$")
#: Words a heading does not end on, but a line broken mid-sentence often does.
_OPEN_ENDINGS = frozenset(
    "a an and are as at be by for from in is of on or that the to was were with".split()  # noqa: SIM905
)


def _looks_like_heading(line: str) -> bool:
    """Whether a line of a file with no marked headings reads as a heading."""
    words = line.split()
    return (
        bool(_HEADING_LINE.match(line))
        and len(words) <= HEADING_WORDS
        and words[-1].lower() not in _OPEN_ENDINGS
    )


def read_text(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    """Plain text: one block per paragraph (paragraphs are separated by blank lines), and
    headings where a line reads as one."""
    blocks = text_blocks(decode(data, name))
    return ExtractedDocument(name, "txt", (Page(None, "", blocks),))


def text_blocks(text: str) -> tuple[Block, ...]:
    """Paragraphs of plain text, with a paragraph's first line read as a heading where it
    reads as one and text follows it ("Lost or stolen cards" over "A lost card must be
    reported…"): run into its paragraph, it made quotes no reader would find in the file,
    and a file of several sections one passage."""
    lines = list(paragraph_lines(text))
    blocks: list[Block] = []
    for number, chunk_lines in enumerate(lines):
        first, rest = chunk_lines[0], chunk_lines[1:]
        followed = bool(rest) or number + 1 < len(lines)
        if followed and _looks_like_heading(first):
            blocks.append(Heading(2, first))
            chunk_lines = rest
        if chunk_lines:
            blocks.append(Text(" ".join(chunk_lines)))
    return tuple(blocks)


def read_markdown(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    markdown = decode(data, name)
    if _MD_TOP_HEADING.search(markdown):
        markdown = _MD_HEADING.sub(r"#\1", markdown)
    blocks = cleaned(markdown_blocks(markdown))
    return ExtractedDocument(name, "md", (Page(None, "", blocks),))


def read_html(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    html = decode(data, name)
    title = _HTML_TITLE.search(html)
    found = metadata(html_title(title.group(1)) if title else None, None)
    body = _HTML_TITLE.sub("", _HTML_HEAD.sub("", html))
    if _HTML_H1.search(body):
        body = _HTML_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", body)
    blocks = cleaned(html_blocks(body))
    return ExtractedDocument(name, "html", (Page(None, "", blocks),), metadata=found)


def html_title(markup: str) -> str:
    """The text of a <title> (entities decoded), read as the HTML reader reads text."""
    return " ".join(block.text for block in html_blocks(markup))


def cleaned(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """Blocks from the markup readers, cleaned as every reader's text is (NFC, no control
    characters), the empty ones dropped."""
    result: list[Block] = []
    for block in blocks:
        text = clean(block.text)
        if not text:
            continue
        if isinstance(block, Heading):
            result.append(Heading(block.level, text, block.anchor))
        else:
            result.append(Text(text, list_item=block.list_item))
    return tuple(result)
