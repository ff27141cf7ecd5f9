"""Accepting an uploaded consultation file: limits first, then the existing readers.

Size is checked before the file is read, an XLSX's real inflated size before a reader opens
it (a small file can expand to gigabytes, and its zip directory may lie), and the row count
after reading, so a hostile or accidental upload fails with a message instead of exhausting
the server.
"""

from __future__ import annotations

import copy
import os
import secrets
import zipfile
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sounding.errors import InputError
from sounding.files.read import SUPPORTED, Table, read_table
from sounding.web.consultations.models import Consultation

MAX_XLSX_MEMBERS = 10_000
CHUNK = 1024 * 1024  # bytes inflated at a time while counting
#: What a damaged, encrypted or otherwise odd zip raises while being read.
UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    zlib.error,
)


def save_upload(consultation: Consultation, uploaded: UploadedFile) -> Table:
    """Check and store `uploaded` for `consultation`; return its table. Raises InputError."""
    name = Path(uploaded.name or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise InputError(
            f"'{name}' is not a file type Sounding reads.",
            f"Upload one of: {', '.join(SUPPORTED)}.",
        )
    if uploaded.size is not None and uploaded.size > settings.MAX_UPLOAD_BYTES:
        raise InputError(
            f"'{name}' is larger than {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
            "Split the file, or ask an administrator to raise SOUNDING_WEB_MAX_UPLOAD_MB.",
        )
    folder = Path(settings.UPLOAD_DIR) / str(consultation.pk)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)
    stored = folder / f"{secrets.token_hex(8)}{suffix}"
    # Readable by the server's account only, whatever the process's umask.
    descriptor = os.open(stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    try:
        table = read_checked(stored, None, name)
    except Exception:
        stored.unlink(missing_ok=True)
        raise
    previous = upload_path(consultation) if consultation.upload_file else None
    consultation.upload_name = name
    consultation.upload_file = str(stored.relative_to(settings.UPLOAD_DIR))
    if previous is not None and previous != stored:
        previous.unlink(missing_ok=True)  # only the file being analysed is kept
    return table


def upload_path(consultation: Consultation) -> Path:
    return Path(settings.UPLOAD_DIR) / consultation.upload_file


def read_checked(path: Path, sheet: str | None, shown_as: str = "the uploaded file") -> Table:
    """Read a stored upload within the configured limits. Messages and the table's source
    name it `shown_as` (the name it was uploaded under): the stored name and the server's
    folders are nobody's business."""
    try:
        if path.suffix.lower() == ".xlsx":
            check_xlsx(path)
        table = read_table(path, sheet)
    except InputError as error:
        raise InputError(
            _hide(error.message, path, shown_as), _hide(error.hint, path, shown_as)
        ) from None
    table.source = shown_as
    if len(table.rows) > settings.MAX_UPLOAD_ROWS:
        raise InputError(
            f"The file has {len(table.rows):,} rows; the limit is {settings.MAX_UPLOAD_ROWS:,}.",
            "Split the file, or ask an administrator to raise SOUNDING_WEB_MAX_ROWS.",
        )
    return table


def _hide(text: str, path: Path, shown_as: str) -> str:
    return text.replace(str(path), shown_as).replace(path.name, shown_as)


def check_xlsx(path: Path) -> None:
    """Refuse a workbook whose contents would inflate past the limit (a zip bomb).

    The sizes a zip declares are only claims, so every member is inflated here, in pieces,
    counting the bytes that actually come out and stopping as soon as the total passes the
    limit; a member whose real size differs from its declared one is refused too (the reader
    would trust the claim). Only stored and deflated members are accepted: that is all an
    XLSX uses, and other methods can inflate a small piece without bound in one step."""
    limit = settings.MAX_XLSX_UNCOMPRESSED_BYTES
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_XLSX_MEMBERS or sum(m.file_size for m in members) > limit:
                raise _bomb()
            total = 0
            for member in members:
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise _unreadable()
                size = _inflated_size(archive, member, limit - total)
                if size != member.file_size:
                    raise _bomb()
                total += size
    except UNREADABLE as error:
        raise _unreadable() from error


def _inflated_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, allowance: int) -> int:
    """How many bytes `member` really inflates to; `_bomb()` once past `allowance`.

    `zipfile` stops reading a member at its declared size, so the member is opened with
    that claim replaced by one a chunk past the allowance: going past the allowance is
    noticed before `zipfile` would stop."""
    unclaimed = copy.copy(member)
    unclaimed.file_size = allowance + CHUNK + 1
    size = 0
    with archive.open(unclaimed) as stream:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > allowance:
                raise _bomb()
    return size


def _bomb() -> InputError:
    return InputError(
        "This workbook expands to far more data than its size suggests, so it was refused.",
        "Save it again as a plain XLSX or as CSV and upload that.",
    )


def _unreadable() -> InputError:
    return InputError("This is not a readable XLSX workbook.", "Re-save it from a spreadsheet.")
