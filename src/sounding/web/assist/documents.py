"""A collection's documents in the web app: adding uploads, removing one, and the rows the
pages show. Changes to one collection are made one at a time (a lock per collection, held
across processes where the platform has `fcntl`): adding rewrites the passage index."""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.uploadedfile import UploadedFile

from sounding.assist.collection import StoredDocument
from sounding.errors import SoundingError
from sounding.services.assist import add_document, remove_document
from sounding.services.embedding import shared_model
from sounding.web.assist.models import DocumentCollection
from sounding.web.runtime import sounding_settings

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX: one process at a time is enough
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
_LOCKS: dict[int, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


@contextmanager
def changing(collection: DocumentCollection) -> Iterator[None]:
    """Hold the collection's lock while its files are changed."""
    with _LOCKS_LOCK:
        lock = _LOCKS.setdefault(collection.pk, threading.Lock())
    with lock:
        collection.folder.mkdir(parents=True, exist_ok=True)
        with (collection.folder / ".lock").open("a") as handle:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield


@dataclass
class UploadReport:
    """What one upload did, file by file (kept in the session until the page shows it)."""

    added: list[str] = field(default_factory=list)
    already_there: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        return {"added": self.added, "already_there": self.already_there, "failed": self.failed}


def _problem(name: str, error: SoundingError) -> str:
    message = error.message if error.message.startswith(name) else f"{name}: {error.message}"
    return f"{message} {error.hint}".strip()


def clean_name(name: str) -> str:
    """An uploaded file's name without control characters (a header could not carry them
    when the file is downloaded), on one line, at most 200 characters."""
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in name)
    return " ".join(text.split())[-200:] or "file"


def add_uploads(collection: DocumentCollection, files: Sequence[UploadedFile]) -> UploadReport:
    """Add each file; one that cannot be read is reported by name and the rest still added."""
    settings = sounding_settings()
    embedder = shared_model(settings)
    limit = settings.assist.max_file_mb * 1024 * 1024
    report = UploadReport()
    with changing(collection):
        core = collection.core()
        for upload in files:
            name = clean_name(upload.name or "")
            try:
                if upload.size is not None and upload.size > limit:
                    raise SoundingError(
                        f"{name}: the file is larger than {settings.assist.max_file_mb} MB.",
                        "Split it into smaller files and add those.",
                    )
                added = add_document(core, upload.read(), name, settings, embedder)
            except SoundingError as error:
                report.failed.append(_problem(name, error))
                continue
            except Exception:  # a hostile file may break a parser: the others still go in
                log.exception(
                    "Assist could not add an uploaded file to collection %s", collection.pk
                )
                report.failed.append(
                    f"{name}: this file could not be read. Check that it opens, save it "
                    "again and add it again."
                )
                continue
            (report.already_there if added.already_there else report.added).append(name)
    return report


def remove(collection: DocumentCollection, document: StoredDocument) -> None:
    """Remove a document and its attachments: file, text, passages, vectors, cached answers."""
    with changing(collection):
        remove_document(collection.core(), document.id, sounding_settings())


def find(collection: DocumentCollection, document_id: str) -> StoredDocument | None:
    """The document with exactly this id (never a name or a prefix, as the CLI allows)."""
    return next((d for d in collection.core().documents() if d.id == document_id), None)


@dataclass(frozen=True)
class DocumentRow:
    """A document as the collection's page lists it."""

    document: StoredDocument
    added: datetime | None
    attachments: list[StoredDocument]

    @property
    def personal_data(self) -> int:
        return sum(self.document.personal_data.values())

    @property
    def personal_detail(self) -> str:
        found = sorted(self.document.personal_data.items())
        return ", ".join(f"{kind.lower().replace('_', ' ')} {n}" for kind, n in found if n)


def _when(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def rows(documents: Sequence[StoredDocument]) -> list[DocumentRow]:
    """Top-level documents, newest first, each with the attachments inside it."""
    children: dict[str, list[StoredDocument]] = {}
    for d in documents:
        if d.parent is not None:
            children.setdefault(d.parent, []).append(d)
    tops = [d for d in documents if d.parent is None]
    listed = [DocumentRow(d, _when(d.added), children.get(d.id, [])) for d in tops]
    return sorted(listed, key=lambda r: (r.document.added, r.document.name), reverse=True)
