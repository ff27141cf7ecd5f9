"""Passages: the pieces of a document that are retrieved, each under its heading path.

A source adapter (GOV.UK content, an uploaded file) turns a document into a flat run of
`Block`s, headings and text; `sections_to_passages` cuts that run at every heading, keeps
the path of headings above each piece (so "Keeping records" is known to sit under
"Employer checks"), and splits long sections at block boundaries so every passage fits
the embedding model. Ids and digests are derived from the content, so the same document
indexed twice gives the same passages and an edit changes only the passages it touches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

#: Words per passage before a section is split (the embedding model reads about 200).
MAX_PASSAGE_WORDS = 180


#: How a list item starts in a passage's text.
BULLET = "• "


@dataclass(frozen=True)
class Heading:
    """A heading of `level` (2–6 in HTML terms) whose target is `anchor` ("" for none)."""

    level: int
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Text:
    """A paragraph, list item or table row, as plain text."""

    text: str
    list_item: bool = False


Block = Heading | Text


@dataclass(frozen=True)
class Passage:
    """One retrievable piece of a document.

    `url` is the exact place a reader is sent (for GOV.UK, the page or part plus the
    heading's anchor); `headings` is the path of headings above the text; `kind` is the
    document type that weights it; `digest` changes whenever anything embedded changes.
    """

    id: str
    document: str
    url: str
    title: str
    headings: tuple[str, ...]
    text: str
    kind: str = ""
    updated: str = ""
    meta: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def heading(self) -> str:
        """The nearest heading ("" at the top of a document)."""
        return self.headings[-1] if self.headings else ""

    @property
    def embedded_text(self) -> str:
        """What the embedding model reads: title and headings give a short passage context."""
        return " — ".join([self.title, *self.headings, self.text])

    @property
    def digest(self) -> str:
        """Changes when the embedded text changes (and only then)."""
        return hashlib.sha256(self.embedded_text.encode()).hexdigest()[:32]


def stable_id(*parts: str) -> str:
    """A short id derived from where a passage sits, stable across re-indexing."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


@dataclass
class _Section:
    headings: tuple[str, ...]
    anchor: str
    blocks: list[Text]


def _sections(blocks: Iterable[Block]) -> Iterator[_Section]:
    path: list[tuple[int, str]] = []
    current = _Section((), "", [])
    for block in blocks:
        if isinstance(block, Heading):
            if current.blocks:
                yield current
            path = [(level, text) for level, text in path if level < block.level]
            path.append((block.level, block.text))
            current = _Section(tuple(text for _, text in path), block.anchor, [])
        elif block.text.strip():
            current.blocks.append(block)
    if current.blocks:
        yield current


def _windows(blocks: Sequence[Text], max_words: int) -> Iterator[list[Text]]:
    """Consecutive blocks up to `max_words` (a block longer than that stands alone)."""
    window: list[Text] = []
    words = 0
    for block in blocks:
        size = len(block.text.split())
        if window and words + size > max_words:
            yield window
            window, words = [], 0
        window.append(block)
        words += size
    if window:
        yield window


def render_blocks(blocks: Sequence[Text]) -> str:
    """Blocks as passage text: paragraphs on their own lines, list items bulleted."""
    return "\n".join(f"{BULLET}{b.text}" if b.list_item else b.text for b in blocks)


def sections_to_passages(
    blocks: Iterable[Block],
    *,
    document: str,
    url: str,
    title: str,
    kind: str = "",
    updated: str = "",
    max_words: int = MAX_PASSAGE_WORDS,
) -> list[Passage]:
    """Cut a document's blocks into passages at headings; `url` is the document's link,
    to which each heading's anchor is added."""
    passages: list[Passage] = []
    seen: dict[str, int] = {}
    for section in _sections(blocks):
        link = f"{url}#{section.anchor}" if section.anchor else url
        for number, window in enumerate(_windows(section.blocks, max_words)):
            place = stable_id(document, url, *section.headings, section.anchor, str(number))
            # The same heading twice on one page: the second is told apart by its turn.
            seen[place] = seen.get(place, 0) + 1
            passages.append(
                Passage(
                    id=place if seen[place] == 1 else stable_id(place, str(seen[place])),
                    document=document,
                    url=link,
                    title=title,
                    headings=section.headings,
                    text=render_blocks(window),
                    kind=kind,
                    updated=updated,
                )
            )
    return passages
