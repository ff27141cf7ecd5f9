"""What extraction makes of an uploaded file: pages of blocks, ready to cite.

A `Page` is whatever a citation can point a reader to: a PDF page, a slide, a spreadsheet's
sheet, or, for formats without pages (a Word file, a web page, an e-mail), the whole text
with `number` None. Blocks are the retrieval layer's headings and text, so a document is
cut into passages exactly as guidance is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sounding.errors import InputError
from sounding.retrieval.passages import Block, Heading, Text

__all__ = ["Block", "ExtractedDocument", "Heading", "Page", "Text"]


@dataclass(frozen=True)
class Page:
    """`number`: 1-based page, slide or sheet number (None where the format has no pages);
    `label`: how a citation names it ("page 3", "slide 2", "sheet Budget", "")."""

    number: int | None
    label: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        """The page's text, block per line: what a quote is checked against."""
        return "\n".join(b.text for b in self.blocks)


@dataclass(frozen=True)
class ExtractedDocument:
    """One file's text; an e-mail's attachments are documents of their own."""

    name: str
    format: str
    pages: tuple[Page, ...]
    attachments: tuple[ExtractedDocument, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)
    #: Parts left out, with why ("attachment logo.png: images hold no text").
    skipped: tuple[str, ...] = ()


class DocumentError(InputError):
    """A file that cannot be read; the message names the file and the reason."""


class UnsupportedDocument(DocumentError):
    pass


class UnreadableDocument(DocumentError):
    """No text could be found (a scanned PDF with no text layer, say): never an empty result."""


class EncryptedDocument(DocumentError):
    pass


class CorruptDocument(DocumentError):
    pass


class DocumentTooLarge(DocumentError):
    pass
