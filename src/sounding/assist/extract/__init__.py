"""Text out of uploaded files, page by page, for Assist to summarise and cite.

`extract` reads a file and `extract_bytes` bytes (an e-mail's attachment, a web upload).
The format is told by the content where the content can tell it (a PDF's header, the parts
inside a zip-based Office file) and by the suffix for text formats; a suffix that says one
thing while the content is another is refused, naming both, since reading it either way
might not be what the user meant. Sizes are checked before anything is parsed, and a zip
that would expand far beyond its size (a "zip bomb") is refused unread.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path, PurePath

from sounding.assist.document import (
    CorruptDocument,
    DocumentError,
    DocumentTooLarge,
    ExtractedDocument,
    UnreadableDocument,
    UnsupportedDocument,
)
from sounding.assist.extract._common import (
    RESAVE_HINT,
    ZIP_EXPANSION,
    ZIP_MEMBERS,
    Limits,
    reading,
    too_large,
)
from sounding.assist.extract.email import read_email
from sounding.assist.extract.odt import read_odt
from sounding.assist.extract.pdf import read_pdf
from sounding.assist.extract.sheets import read_xlsx
from sounding.assist.extract.slides import read_pptx
from sounding.assist.extract.text import read_html, read_markdown, read_text
from sounding.assist.extract.word import read_docx

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PAGES",
    "SUPPORTED",
    "detect_format",
    "extract",
    "extract_bytes",
]

SUPPORTED = (
    ".pdf",
    ".docx",
    ".odt",
    ".pptx",
    ".xlsx",
    ".html",
    ".htm",
    ".txt",
    ".md",
    ".markdown",
    ".eml",
)
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PAGES = 2000
#: E-mails attached to e-mails are read this many levels deep.
MAX_NESTING = 5

Reader = Callable[[bytes, str, Limits], ExtractedDocument]

_SUFFIXES = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".odt": "odt",
    ".pptx": "pptx",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".eml": "eml",
}
#: Formats told only by their suffix: their content has no signature to check.
_TEXT_FORMATS = frozenset({"html", "txt", "md", "eml"})
_DESCRIPTIONS = {
    "pdf": "a PDF (.pdf)",
    "docx": "a Word document (.docx)",
    "odt": "an OpenDocument text (.odt)",
    "pptx": "a PowerPoint file (.pptx)",
    "xlsx": "an Excel file (.xlsx)",
    "html": "a web page (.html)",
    "txt": "a text file (.txt)",
    "md": "a Markdown file (.md)",
    "eml": "an e-mail (.eml)",
    "zip": "a zip archive",
}
#: Zip-based formats, told by a part only they have.
_ZIP_PARTS = {
    "word/document.xml": "docx",
    "ppt/presentation.xml": "pptx",
    "xl/workbook.xml": "xlsx",
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_READERS: dict[str, Reader] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "odt": read_odt,
    "pptx": read_pptx,
    "xlsx": read_xlsx,
    "html": read_html,
    "txt": read_text,
    "md": read_markdown,
}


def extract(
    path: Path,
    *,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> ExtractedDocument:
    """The text of the file at `path`, shown to users as `name` (the file's name by
    default); its size is checked before it is read."""
    name = name or path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(name, size, Limits(max_bytes, max_pages))
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(
            f"{name}: the file could not be opened ({error.strerror or error}).",
            hint="Check that it exists and can be read, then add it again.",
        ) from error
    return extract_bytes(data, name, max_bytes=max_bytes, max_pages=max_pages)


def extract_bytes(
    data: bytes,
    name: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> ExtractedDocument:
    """The text of a file's bytes; `name` is how messages and citations name it, and its
    suffix tells text formats apart."""
    return _extract(data, name, Limits(max_bytes, max_pages), depth=0, forced=None)


def _extract(
    data: bytes, name: str, limits: Limits, *, depth: int, forced: str | None
) -> ExtractedDocument:
    if len(data) > limits.max_bytes:
        raise too_large(name, len(data), limits)
    if not data:
        raise UnreadableDocument(
            f"{name}: the file is empty.", hint="Check it is the file you meant."
        )
    if depth > MAX_NESTING:
        raise UnsupportedDocument(
            f"{name}: it is nested more than {MAX_NESTING} e-mails deep.",
            hint="Save it on its own and add it directly.",
        )
    kind = forced or detect_format(data, name, limits)
    if kind == "eml":

        def read_attachment(
            part: bytes, part_name: str, part_kind: str | None
        ) -> ExtractedDocument:
            return _extract(part, part_name, limits, depth=depth + 1, forced=part_kind)

        document = read_email(data, name, read_attachment)
    else:
        document = _READERS[kind](data, name, limits)
    if not document.attachments and all(not page.blocks for page in document.pages):
        scanned = kind in ("pdf", "docx", "odt", "pptx")  # formats that can hold page images
        raise UnreadableDocument(
            f"{name}: no text could be found in it.",
            hint="Check it is the file you meant"
            + ("; if it holds only images, run OCR on it first." if scanned else "."),
        )
    return document


def detect_format(data: bytes, name: str, limits: Limits) -> str:
    """The format to read the bytes as: "pdf", "docx", "odt", "pptx", "xlsx", "html",
    "txt", "md" or "eml"; raises where it is unsupported or disagrees with the name."""
    claimed = _SUFFIXES.get(PurePath(name).suffix.lower())
    found = _content_format(data, name, limits, claimed)
    if found is None:
        if claimed is not None and claimed in _TEXT_FORMATS:
            return claimed
        raise _unreadable_type(name, claimed)
    if found == "zip" and claimed not in _TEXT_FORMATS:
        raise _unreadable_type(name, claimed)
    if claimed is not None and claimed != found:
        raise UnsupportedDocument(
            f"{name}: its name says {_DESCRIPTIONS[claimed]} but it is {_DESCRIPTIONS[found]}.",
            hint="Rename it to the suffix of what it is (or save it again as what its name "
            "says) and add it again.",
        )
    return found


def _unreadable_type(name: str, claimed: str | None) -> DocumentError:
    """Bytes that are not what a supported suffix says (damaged), or of no supported type."""
    if claimed is None:
        return UnsupportedDocument(
            f"{name}: files of this type cannot be read.",
            hint=f"Add a file of one of these types: {', '.join(SUPPORTED)}.",
        )
    return CorruptDocument(
        f"{name}: its name says {_DESCRIPTIONS[claimed]}, but it cannot be read as one; "
        "it may be damaged or incomplete.",
        hint=RESAVE_HINT,
    )


def _content_format(data: bytes, name: str, limits: Limits, claimed: str | None) -> str | None:
    """What the bytes say they are: a format, "zip" for another zip, None for no signature.

    A PDF's header may follow up to a kilobyte of junk; in a file named as text it must come
    first, so a note that mentions "%PDF-" is still read as the note it is.
    """
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        with reading(name, "zip-based file"), zipfile.ZipFile(BytesIO(data)) as archive:
            return _zip_format(archive, name, limits)
    head = data[:5] if claimed in _TEXT_FORMATS else data[:1024]
    return "pdf" if b"%PDF-" in head else None


def _zip_format(archive: zipfile.ZipFile, name: str, limits: Limits) -> str:
    """The Office format a zip holds, after checking it cannot expand beyond the limits."""
    members = archive.infolist()
    expanded = sum(member.file_size for member in members)
    if len(members) > ZIP_MEMBERS or expanded > ZIP_EXPANSION * limits.max_bytes:
        raise DocumentTooLarge(
            f"{name}: it would expand to {len(members):,} parts and {expanded:,} bytes when "
            f"opened, more than {ZIP_EXPANSION} times the {limits.max_bytes:,} bytes allowed.",
            hint="If it is a real document, remove large embedded files, save it and add it "
            "again; otherwise it may have been built to overload the reader.",
        )
    names = {member.filename for member in members}
    for part, kind in _ZIP_PARTS.items():
        if part in names:
            return kind
    if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
        return "odt"
    return "zip"
