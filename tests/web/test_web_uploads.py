"""XLSX decompression bombs: the real inflated size counts, not what the zip claims."""

from __future__ import annotations

import html
import io
import struct
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sounding.consult import model
from sounding.errors import InputError
from sounding.web.consultations.files.exporter import export_file
from sounding.web.consultations.files.importer import store_analysis
from sounding.web.consultations.files.uploads import check_xlsx, upload_path
from sounding.web.consultations.models import Consultation

pytestmark = pytest.mark.django_db

SHEET = "xl/worksheets/sheet1.xml"
INFLATED = 5_000_000


def _zip(data: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr(SHEET, data)
    return buffer.getvalue()


def lying_zip(claimed: int) -> bytes:
    """A zip of one member that inflates to INFLATED bytes while its local header and its
    central directory both claim `claimed` bytes."""
    data = bytearray(_zip(b"0" * INFLATED))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    assert struct.unpack_from("<I", data, local + 22)[0] == INFLATED
    struct.pack_into("<I", data, local + 22, claimed)
    struct.pack_into("<I", data, central + 24, claimed)
    return bytes(data)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "book.xlsx"
    path.write_bytes(data)
    return path


def test_a_zip_lying_about_its_sizes_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "MAX_XLSX_UNCOMPRESSED_BYTES", 1_000_000)
    bomb = lying_zip(claimed=1_000)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:  # what the directory claims: tiny
        assert sum(m.file_size for m in archive.infolist()) == 1_000
    with pytest.raises(InputError, match="expands to far more data"):
        check_xlsx(_write(tmp_path, bomb))


def test_lying_sizes_are_refused_even_under_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member larger than it claims is hostile even when the truth would fit."""
    monkeypatch.setattr(settings, "MAX_XLSX_UNCOMPRESSED_BYTES", 10 * INFLATED)
    with pytest.raises(InputError, match="expands to far more data"):
        check_xlsx(_write(tmp_path, lying_zip(claimed=1_000)))


def test_counting_stops_at_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inflation stops once past the limit: the rest of the member is never inflated."""
    import zlib

    monkeypatch.setattr(settings, "MAX_XLSX_UNCOMPRESSED_BYTES", 100_000)
    made: list[int] = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args: object) -> None:
            self.inner = real(*args)  # type: ignore[arg-type]
            self.eof = False

        def decompress(self, data: bytes, max_length: int = 0) -> bytes:
            out = self.inner.decompress(data, max_length)
            self.eof = self.inner.eof
            made.append(len(out))
            return out

        @property
        def unconsumed_tail(self) -> bytes:
            return self.inner.unconsumed_tail

        def flush(self) -> bytes:
            return self.inner.flush()

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    with pytest.raises(InputError, match="expands"):
        check_xlsx(_write(tmp_path, lying_zip(claimed=1_000)))
    assert 100_000 < sum(made) < 100_000 + 2 * 1024 * 1024  # not all 5 MB


def test_other_compression_methods_and_junk_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable XLSX"):
        check_xlsx(_write(tmp_path, _zip(b"<x/>" * 100, zipfile.ZIP_BZIP2)))
    with pytest.raises(InputError, match="not a readable XLSX"):
        check_xlsx(_write(tmp_path, b"PK\x03\x04 not really a zip"))
    truncated = _zip(b"<x/>" * 10_000)
    with pytest.raises(InputError):
        check_xlsx(_write(tmp_path, truncated[: len(truncated) // 2]))


def test_an_honest_workbook_passes(tmp_path: Path) -> None:
    check_xlsx(_write(tmp_path, _zip(b"<sheetData/>" * 1000)))
    check_xlsx(_write(tmp_path, _zip(b"<sheetData/>" * 1000, zipfile.ZIP_STORED)))


def test_the_upload_page_refuses_a_lying_bomb(
    people, uploaded: Consultation, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(settings, "MAX_XLSX_UNCOMPRESSED_BYTES", 1_000_000)
    url = reverse("consultations:upload", kwargs={"pk": uploaded.pk})
    upload = SimpleUploadedFile("bomb.xlsx", lying_zip(claimed=1_000))
    answer = people.client("analyst").post(url, {"file": upload})
    assert b"expands to far more data" in answer.content
    folder = Path(settings.UPLOAD_DIR) / str(uploaded.pk)  # nothing refused is kept
    assert sorted(p.name for p in folder.iterdir()) == [upload_path(uploaded).name]


def test_uploads_and_the_servers_files_are_the_owners_alone(
    uploaded: Consultation, tmp_path: Path
) -> None:
    """Other accounts on the server cannot read a consultation's data."""
    import os
    import stat

    from sounding.web.security import private_files

    stored = upload_path(uploaded)
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    before = os.umask(0o022)
    try:
        private_files()  # as `sounding serve`, `sounding worker` and the WSGI app start
        (tmp_path / "new.sqlite3").write_bytes(b"")
        (tmp_path / "folder").mkdir()
    finally:
        os.umask(before)
    assert stat.S_IMODE((tmp_path / "new.sqlite3").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "folder").stat().st_mode) == 0o700


def test_messages_name_the_file_as_uploaded_never_as_stored(people, uploaded: Consultation) -> None:  # type: ignore[no-untyped-def]
    broken = b"id,answer\nR1,fine\nR2,too,many,values\n"
    url = reverse("consultations:upload", kwargs={"pk": uploaded.pk})
    answer = people.client("analyst").post(
        url, {"file": SimpleUploadedFile("my answers.csv", broken)}
    )
    body = answer.content.decode()
    assert "my answers.csv" in body and "Row 3" in body
    assert str(settings.UPLOAD_DIR) not in body
    stored = Path(settings.UPLOAD_DIR) / str(uploaded.pk)
    assert not any(p.name in body for p in stored.iterdir())  # nor the stored name


def test_the_pages_say_how_the_file_was_read(
    people, uploaded: Consultation, demo_result: tuple[model.Consultation, model.Analysis]
) -> None:  # type: ignore[no-untyped-def]
    """A title row left out and repeated column names told apart are said on the columns
    page before the analysis, and on the consultation's page after it."""
    export = (
        b"Survey export,,,,\n"
        b"id,Do you agree?,Please explain your answer,Is it fair?,Please explain your answer\n"
        b"R1,Yes,Cheaper buses would help,No,Nothing more\n"
        b"R2,No,The route is too slow,Yes,More stops\n"
    )
    client = people.client("analyst")
    upload = reverse("consultations:upload", kwargs={"pk": uploaded.pk})
    client.post(upload, {"file": SimpleUploadedFile("export.csv", export)})
    page = client.get(reverse("consultations:columns", kwargs={"pk": uploaded.pk}))
    body = html.unescape(page.content.decode())
    assert "How it was read" in body
    assert "'Survey export' above the column names was read as a title." in body
    assert "'Please explain your answer' → 'Do you agree? – Please explain your answer'" in body

    source, analysis = demo_result
    store_analysis(uploaded, source, replace(analysis, input_notes=["A note on reading."]))
    uploaded.save()
    detail = client.get(reverse("consultations:detail", kwargs={"pk": uploaded.pk}))
    assert "How it was read" in detail.content.decode()
    assert "A note on reading." in detail.content.decode()


def test_the_analysts_notes_are_on_the_themes_page_and_in_exports(
    people, uploaded: Consultation, demo_result: tuple[model.Consultation, model.Analysis]
) -> None:  # type: ignore[no-untyped-def]
    """A question's notes ("check it by hand") were dropped when an analysis was stored, so
    the web app and its exports never showed them."""
    source, analysis = demo_result
    first = analysis.questions[0]
    noted = replace(first, notes=["2 distinct answers in Welsh: check them by hand."])
    store_analysis(uploaded, source, replace(analysis, questions=[noted, *analysis.questions[1:]]))
    uploaded.save()
    question = uploaded.questions.get(key=first.question.id)
    page = people.client("viewer").get(
        reverse("consultations:themes", kwargs={"pk": uploaded.pk, "question_id": question.pk})
    )
    body = html.unescape(page.content.decode())
    assert "Notes for the analyst (1)" in body and "check them by hand" in body
    report = export_file(Consultation.objects.get(pk=uploaded.pk), "report.html").decode()
    assert "check them by hand" in report


def test_the_answers_to_closed_questions_reach_the_exported_report(
    uploaded: Consultation, demo_result: tuple[model.Consultation, model.Analysis]
) -> None:
    """A library survey's report had no count of its closed questions' answers, its
    headline; the web app's export keeps the counts the analysis made."""
    source, analysis = demo_result
    assert analysis.answer_counts and set(analysis.answer_counts) <= set(analysis.metadata_columns)
    # ... and a tick-all-that-apply column's counts per option.
    ticks = {"Which services do you use?": {"Borrowing books": 31, "Study space": 12}}
    store_analysis(uploaded, source, replace(analysis, tick_counts=ticks))
    uploaded.save()
    report = export_file(Consultation.objects.get(pk=uploaded.pk), "report.html").decode()
    assert "Closed questions and respondent information" in report
    assert "Which services do you use?" in report and "Borrowing books" in report
