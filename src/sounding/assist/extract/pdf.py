"""PDF: one page per page, its text layer cut into paragraphs.

pypdf gives each page's text as lines; lines are joined into paragraphs so passages read
as the author wrote them. A PDF with no text at all is almost always a scan, and is
refused with advice to run OCR rather than returned empty.

pypdf logs what it repairs in a damaged file ("EOF marker not found") as warnings, which
reached the terminal as stray lines beside Sounding's own message about the file; only its
errors are let through.
"""

from __future__ import annotations

import logging
import re
from io import BytesIO

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError

from sounding.assist.document import (
    Block,
    EncryptedDocument,
    ExtractedDocument,
    Page,
    Text,
    UnreadableDocument,
)
from sounding.assist.extract._common import Limits, check_pages, clean, metadata, reading

logging.getLogger("pypdf").setLevel(logging.ERROR)

_SENTENCE_END = re.compile(r"[.!?:]$")
_SPLIT_WORD = re.compile(r"\w-$")
_ENCRYPTED_HINT = "Save a copy without a password (or ask its owner for one) and add that."


def read_pdf(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    """Every page of a PDF with text, numbered from 1 and labelled "page n"."""
    with reading(name, "PDF"):
        reader = _open(data, name)
        check_pages(len(reader.pages), name, limits, "page")
        info = reader.metadata
        found = metadata(info.title, info.author) if info is not None else {}
        pages: list[Page] = []
        skipped: list[str] = []
        for number, page in enumerate(reader.pages, start=1):
            text = _page_text(page)
            blocks = tuple(pdf_paragraphs(text or ""))
            if text is None:
                skipped.append(f"page {number}: its text could not be read")
            elif not blocks:
                skipped.append(f"page {number}: no text layer")
            pages.append(Page(number, f"page {number}", blocks))
    if all(not page.blocks for page in pages):
        raise UnreadableDocument(
            f"{name}: no text could be found in it; it looks like a scan (images of pages).",
            hint="Run OCR on it to save it as a PDF with a text layer, and add it again.",
        )
    return ExtractedDocument(name, "pdf", tuple(pages), metadata=found, skipped=tuple(skipped))


def _open(data: bytes, name: str) -> PdfReader:
    """A reader for the PDF, unlocked where it opens with an empty password."""
    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise EncryptedDocument(f"{name}: it is protected by a password.", _ENCRYPTED_HINT)
    except DependencyError as error:
        raise EncryptedDocument(
            f"{name}: its encryption cannot be opened here.", _ENCRYPTED_HINT
        ) from error
    return reader


def _page_text(page: PageObject) -> str | None:
    """A page's text, or None where pypdf cannot extract it (that page is left empty rather
    than the whole file refused)."""
    try:
        return page.extract_text()
    except Exception:  # pypdf raises many kinds of error on one damaged page's content
        return None


def pdf_paragraphs(text: str) -> list[Block]:
    """A page's lines joined into paragraphs.

    A paragraph ends at a blank line, or where a line ends a sentence (. ! ? :) and the next
    starts with a capital letter. A line ending in a hyphen joins the next with the hyphen
    kept: printers break lines after real hyphens ("self-" + "employed"), and dropping
    them would merge compound words.

    Headings are not guessed: a text layer has no sizes, and short lines taken for headings
    cut pages into many small passages, which found the right page less often on the
    benchmark (page-level recall@5 0.871 against 0.893) and took longer to embed. Keeping a
    line that reads as a heading as a paragraph of its own (so quotes would not read
    "Approvals Any contract above…") moved passage boundaries and cost one question of 140
    (recall@5 0.900 against 0.893), so it is not done either.
    """
    lines = [clean(raw) for raw in text.splitlines()]
    blocks: list[Block] = []
    current = ""
    for line in lines:
        if not line or (current and _SENTENCE_END.search(current) and line[0].isupper()):
            if current:
                blocks.append(Text(current))
            current = line
        elif current and _SPLIT_WORD.search(current) and line[0].islower():
            current = current + line
        else:
            current = f"{current} {line}" if current else line
    if current:
        blocks.append(Text(current))
    return blocks
