"""A collection: documents, their pages and passages, kept together in one folder.

`SOUNDING_HOME/assist/<collection>/` holds `documents.sqlite` (each document, its pages'
text for checking quotes, and the personal data found in it), `index.sqlite` (passages and
vectors, see `sounding.retrieval.store`), `files/` (the files as added, so a citation can
open the page) and `llm.sqlite` (the model calls made about it, which are its cached
answers). Removing a document removes its file, pages, passages and vectors, clears the
cached answers (any might quote it), and rewrites the SQLite files so nothing of it is
left in their free pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sounding.assist.document import ExtractedDocument, Page
from sounding.errors import InputError
from sounding.privacy.redact import redact
from sounding.retrieval.index import PassageIndex
from sounding.retrieval.passages import Heading, Passage, Text, sections_to_passages
from sounding.retrieval.store import Embed, PassageStore

#: Characters of an id that name a document: fewer would name one of many by chance.
MIN_ID_PREFIX = 4

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_PAGE_IN_URL = re.compile(r"#page=(\d+)$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    parent TEXT,
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    pages INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    file TEXT,
    added TEXT NOT NULL,
    personal_data TEXT NOT NULL,
    skipped TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    document TEXT NOT NULL,
    position INTEGER NOT NULL,
    number INTEGER,
    label TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document, position)
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(
            f"{name!r} is not a collection name.",
            "Use up to 64 letters, digits, dots, dashes and underscores, starting with a "
            "letter or digit.",
        )
    return name


def document_url(document_id: str, page: int | None) -> str:
    """Where a passage points: the document, and the page where it has pages."""
    return f"assist:{document_id}" + (f"#page={page}" if page is not None else "")


def page_of(passage: Passage) -> int | None:
    found = _PAGE_IN_URL.search(passage.url)
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class StoredDocument:
    id: str
    parent: str | None
    name: str
    format: str
    pages: int
    bytes: int
    file: str | None
    added: str
    personal_data: dict[str, int]
    skipped: list[str]


@dataclass(frozen=True)
class Added:
    """What adding one file did."""

    documents: list[StoredDocument]
    passages: int
    embedded: int
    already_there: bool = False


def document_passages(document_id: str, extracted: ExtractedDocument) -> list[Passage]:
    """A document's passages, one run per page, so no passage spans two pages."""
    passages: list[Passage] = []
    for page in extracted.pages:
        blocks = [
            replace(block, anchor="") if isinstance(block, Heading) else block
            for block in page.blocks
        ]
        passages += sections_to_passages(
            blocks,
            document=document_id,
            url=document_url(document_id, page.number),
            title=extracted.name,
            kind=extracted.format,
        )
    return passages


def _flatten(
    extracted: ExtractedDocument, document_id: str, parent: str | None
) -> Iterator[tuple[str, str | None, ExtractedDocument]]:
    yield document_id, parent, extracted
    for number, attachment in enumerate(extracted.attachments):
        child = hashlib.sha256(f"{document_id}/{number}/{attachment.name}".encode()).hexdigest()
        yield from _flatten(attachment, child[:16], document_id)


class Collection:
    """One folder of documents; see the module's docstring for what it holds."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = folder.name
        self.index_store = PassageStore(
            folder / "index.sqlite",
            missing_hint="Add a document first with `sounding assist add FILE`.",
        )

    @property
    def llm_log(self) -> Path:
        return self.folder / "llm.sqlite"

    def _connect(self) -> sqlite3.Connection:
        self.folder.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.folder / "documents.sqlite")
        connection.executescript(_SCHEMA)
        return connection

    # -- settings --------------------------------------------------------------------------

    def setting(self, key: str, default: str) -> str:
        connection = self._connect()
        try:
            row = connection.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        finally:
            connection.close()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self._connect() as connection:
            connection.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))
        connection.close()

    @property
    def models_may_see_personal_data(self) -> bool:
        """False (the default): personal data is redacted before text goes to a model."""
        return self.setting("models_may_see_personal_data", "false") == "true"

    # -- documents -------------------------------------------------------------------------

    def documents(self) -> list[StoredDocument]:
        if not (self.folder / "documents.sqlite").exists():
            return []  # reading never creates a collection
        connection = self._connect()
        try:
            rows = connection.execute(
                "SELECT id, parent, name, format, pages, bytes, file, added, personal_data,"
                " skipped FROM documents ORDER BY added, name"
            ).fetchall()
        finally:
            connection.close()
        return [
            StoredDocument(
                id=row[0],
                parent=row[1],
                name=row[2],
                format=row[3],
                pages=row[4],
                bytes=row[5],
                file=row[6],
                added=row[7],
                personal_data=json.loads(row[8]),
                skipped=json.loads(row[9]),
            )
            for row in rows
        ]

    def find(self, reference: str) -> StoredDocument:
        """A document by id, id prefix (of at least `MIN_ID_PREFIX` characters) or name."""
        documents = self.documents()
        found = [d for d in documents if d.id == reference or d.name == reference]
        short = len(reference) < MIN_ID_PREFIX
        found = found or [d for d in documents if d.id.startswith(reference) and not short]
        if len(found) == 1:
            return found[0]
        listing = f"List them with `sounding assist list -c {self.name}`"
        hint = f"{listing} and name one by its id or name."
        if found:
            problem = f"{reference!r} names {len(found)} documents in collection {self.name!r}."
        elif short and any(d.id.startswith(reference) for d in documents):
            problem = f"{reference!r} is too short to name a document by its id."
            hint = f"{listing} and give at least {MIN_ID_PREFIX} characters of an id."
        else:
            problem = f"No document {reference!r} in collection {self.name!r}."
        raise InputError(problem, hint)

    def pages(self, document_id: str) -> list[Page]:
        """A document's pages as text blocks of one line each (what quotes are checked on)."""
        connection = self._connect()
        try:
            rows = connection.execute(
                "SELECT number, label, text FROM pages WHERE document = ? ORDER BY position",
                (document_id,),
            ).fetchall()
        finally:
            connection.close()
        return [
            Page(row[0], row[1], tuple(Text(line) for line in row[2].splitlines())) for row in rows
        ]

    def add(
        self, extracted: ExtractedDocument, data: bytes, suffix: str, model: str, embed: Embed
    ) -> Added:
        """Add a file's text (and its attachments'), keeping a copy of the file.

        The passages are embedded and indexed first: if that fails, nothing of the file is
        kept. Callers that may add at once (web requests) must hold one lock per collection:
        the index is rewritten whole."""
        document_id = hashlib.sha256(data).hexdigest()[:16]
        if any(d.id == document_id for d in self.documents()):
            return Added([self.find(document_id)], 0, 0, already_there=True)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        stored_file = f"{document_id}{suffix.lower()}"
        added: list[tuple[StoredDocument, ExtractedDocument]] = []
        new_passages: list[Passage] = []
        for doc_id, parent, doc in _flatten(extracted, document_id, None):
            found = redact("\n".join(p.text for p in doc.pages), names="auto").counts
            stored = StoredDocument(
                id=doc_id,
                parent=parent,
                name=doc.name,
                format=doc.format,
                pages=len(doc.pages),
                bytes=len(data) if parent is None else 0,
                file=stored_file if parent is None else None,
                added=now,
                personal_data=dict(found),
                skipped=list(doc.skipped),
            )
            added.append((stored, doc))
            new_passages += document_passages(doc_id, doc)
        report = self.index_store.write([*self.index_store.passages(), *new_passages], model, embed)
        files = self.folder / "files"
        files.mkdir(parents=True, exist_ok=True)
        (files / stored_file).write_bytes(data)
        with self._connect() as connection:
            for stored, doc in added:
                connection.execute(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        stored.id,
                        stored.parent,
                        stored.name,
                        stored.format,
                        stored.pages,
                        stored.bytes,
                        stored.file,
                        stored.added,
                        json.dumps(stored.personal_data),
                        json.dumps(stored.skipped),
                    ),
                )
                connection.executemany(
                    "INSERT INTO pages VALUES (?, ?, ?, ?, ?)",
                    [(stored.id, i, p.number, p.label, p.text) for i, p in enumerate(doc.pages)],
                )
        connection.close()
        return Added([stored for stored, _ in added], len(new_passages), report.embedded)

    def remove(self, document_id: str, model: str, embed: Embed) -> list[StoredDocument]:
        """Remove a document and its attachments, everywhere they were kept."""
        target = self.find(document_id)
        gone = [d for d in self.documents() if d.id == target.id or d.parent == target.id]
        ids = {d.id for d in gone}
        with self._connect() as connection:
            for doc in gone:
                connection.execute("DELETE FROM pages WHERE document = ?", (doc.id,))
                connection.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
                if doc.file:
                    (self.folder / "files" / doc.file).unlink(missing_ok=True)
        connection.execute("VACUUM")
        connection.close()
        kept = [p for p in self.index_store.passages() if p.document not in ids]
        self.index_store.write(kept, model, embed)
        self.index_store.vacuum()
        self.llm_log.unlink(missing_ok=True)  # cached answers may quote what was removed
        return gone

    def index(self) -> PassageIndex:
        return self.index_store.load()

    def delete(self) -> None:
        """Remove the whole collection."""
        shutil.rmtree(self.folder, ignore_errors=True)


def collections_root(home: Path) -> Path:
    return home / "assist"


def open_collection(home: Path, name: str) -> Collection:
    return Collection(collections_root(home) / check_name(name))


def list_collections(home: Path) -> list[str]:
    root = collections_root(home)
    return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


__all__ = [
    "Added",
    "Collection",
    "StoredDocument",
    "document_passages",
    "list_collections",
    "open_collection",
    "page_of",
]
