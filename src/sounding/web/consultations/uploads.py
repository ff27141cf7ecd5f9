"""Accepting an uploaded consultation file: limits first, then the existing readers.

Size is checked before the file is read, an XLSX's zip directory before it is inflated (a
small file can expand to gigabytes), and the row count after reading, so a hostile or
accidental upload fails with a message instead of exhausting the server.
"""

from __future__ import annotations

import secrets
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from sounding.errors import InputError
from sounding.files.read import SUPPORTED, Table, read_table
from sounding.web.consultations.models import Consultation

MAX_XLSX_MEMBERS = 10_000


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
    folder.mkdir(parents=True, exist_ok=True)
    stored = folder / f"{secrets.token_hex(8)}{suffix}"
    with stored.open("wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    try:
        table = read_checked(stored, None)
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


def read_checked(path: Path, sheet: str | None) -> Table:
    """Read a stored upload within the configured limits."""
    if path.suffix.lower() == ".xlsx":
        check_xlsx(path)
    table = read_table(path, sheet)
    if len(table.rows) > settings.MAX_UPLOAD_ROWS:
        raise InputError(
            f"The file has {len(table.rows):,} rows; the limit is {settings.MAX_UPLOAD_ROWS:,}.",
            "Split the file, or ask an administrator to raise SOUNDING_WEB_MAX_ROWS.",
        )
    return table


def check_xlsx(path: Path) -> None:
    """Refuse a workbook whose contents would inflate past the limit (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise InputError(
            "This is not a readable XLSX workbook.", "Re-save it from a spreadsheet."
        ) from error
    inflated = sum(m.file_size for m in members)
    if len(members) > MAX_XLSX_MEMBERS or inflated > settings.MAX_XLSX_UNCOMPRESSED_BYTES:
        raise InputError(
            "This workbook expands to far more data than its size suggests, so it was refused.",
            "Save it again as a plain XLSX or as CSV and upload that.",
        )
