"""What every format reader shares: limits, text clean-up, table rows and error wording.

Readers hand back blocks of clean single-line text (a page's text is one block per line, so
a quote can be checked against it), and every error names the file and says what to do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from charset_normalizer import from_bytes

from sounding.assist.document import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    Text,
    UnreadableDocument,
)

#: How far a zip-based file may expand, as a multiple of the byte limit (guards zip bombs).
ZIP_EXPANSION = 10
#: Members a zip-based file may hold; real documents have a few hundred at most.
ZIP_MEMBERS = 10_000

RESAVE_HINT = "Open it in the program that made it, save it again and add it again."

_WHITESPACE = re.compile(r"\s+")
_WESTERN = "cp1252"


@dataclass(frozen=True)
class Limits:
    """How big a file may be (bytes, and pages, slides or sheets)."""

    max_bytes: int
    max_pages: int


def clean(text: str) -> str:
    """One line of text: NFC, every run of whitespace one space, control characters dropped.

    Whitespace controls (tabs, line and page breaks) become spaces first, so words on either
    side never run together.
    """
    text = _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text))
    text = "".join(c for c in text if unicodedata.category(c) != "Cc")
    return text.strip()


def text_block(text: str, *, list_item: bool = False) -> Text | None:
    """A Text block of the cleaned text, or None where nothing is left."""
    cleaned = clean(text)
    return Text(cleaned, list_item=list_item) if cleaned else None


def row_text(cells: Iterable[str]) -> str:
    """A table row as one line, non-empty cells joined with " | "."""
    return " | ".join(c for c in (clean(cell) for cell in cells) if c)


def paragraph_lines(text: str) -> Iterator[list[str]]:
    """Plain text's paragraphs (separated by blank lines), each as its cleaned lines."""
    for chunk in re.split(r"\n[^\S\n]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        if lines := [line for line in map(clean, chunk.split("\n")) if line]:
            yield lines


def paragraphs(text: str) -> Iterator[Text]:
    """Plain text as one block per paragraph (paragraphs are separated by blank lines)."""
    for lines in paragraph_lines(text):
        yield Text(" ".join(lines))


def metadata(title: str | None, author: str | None) -> dict[str, str]:
    """The title and author a file declares, where it declares them."""
    found = {"title": clean(title or ""), "author": clean(author or "")}
    return {key: value for key, value in found.items() if value}


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (with or without a byte-order mark), else the encoding
    charset-normalizer finds most likely."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableDocument(
            f"{name}: this does not look like text in any encoding that can be recognised.",
            hint="Save it as UTF-8 text (or as a PDF or Word file) and add it again.",
        )
    best = matches[0]
    # Where the detector cannot tell Windows code pages apart (é and ü are the same bytes in
    # several), prefer Windows-1252: what legacy files written in English almost always use.
    tied = (
        m
        for m in matches
        if m.encoding == _WESTERN and m.chaos <= best.chaos and m.coherence >= best.coherence
    )
    return str(next(tied, best))


def check_pages(count: int, name: str, limits: Limits, unit: str) -> None:
    """Refuse a file with more pages (slides, sheets) than the limit, before reading them."""
    if count > limits.max_pages:
        raise DocumentTooLarge(
            f"{name}: it has {count:,} {unit}s, more than the {limits.max_pages:,} allowed.",
            hint=f"Split it into files of at most {limits.max_pages:,} {unit}s and add those.",
        )


def too_large(name: str, size: int, limits: Limits) -> DocumentTooLarge:
    return DocumentTooLarge(
        f"{name}: it is {_megabytes(size)}, more than the {_megabytes(limits.max_bytes)} allowed.",
        hint="Split it into smaller files (or remove large images) and add those.",
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


@contextmanager
def reading(name: str, what: str) -> Iterator[None]:
    """Turn whatever a parsing library raises on a damaged file into CorruptDocument.

    Parsers of PDF and Office files raise many kinds of exception on malformed input (and
    may recurse deeply), so anything but our own errors means the file could not be read.
    """
    try:
        yield
    except DocumentError:
        raise
    except Exception as error:
        # The library's own error (kept as the cause) names a parser's state, not anything
        # the user can act on.
        raise CorruptDocument(
            f"{name}: this {what} could not be read; it may be damaged or incomplete.",
            hint=RESAVE_HINT,
        ) from error
