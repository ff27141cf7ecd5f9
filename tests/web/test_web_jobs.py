"""Uploading, confirming columns, and the analysis as a background job."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sounding.errors import InputError
from sounding.web.consultations.background import analysis
from sounding.web.consultations.files.uploads import upload_path
from sounding.web.consultations.models import Consultation, Question, Response, ResponseTheme
from sounding.web.jobs import queue, worker
from sounding.web.jobs.models import Job

pytestmark = pytest.mark.django_db


def _upload(client, consultation: Consultation, name: str, data: bytes):  # type: ignore[no-untyped-def]
    url = reverse("consultations:upload", kwargs={"pk": consultation.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def fake_analysis(monkeypatch: pytest.MonkeyPatch, demo_result):  # type: ignore[no-untyped-def]
    """Stand in for the (slow) analysis call with the session's real result."""
    calls: list[int] = []

    def analyse_source(source, use_llm, progress, codebook=None):  # type: ignore[no-untyped-def]
        calls.append(len(source.responses))
        progress.start("Embedding responses", 10)
        progress.advance(10)
        progress.finish()
        return demo_result[1]

    monkeypatch.setattr(analysis, "analyse_source", analyse_source)
    return calls


def test_create_upload_confirm_and_queue(people, demo_csv: Path) -> None:  # type: ignore[no-untyped-def]
    client = people.client("analyst")
    created = client.post(reverse("consultations:create"), {"name": "Bus fares"})
    consultation = Consultation.objects.get(name="Bus fares")
    assert created["Location"] == reverse("consultations:upload", kwargs={"pk": consultation.pk})
    assert consultation.memberships.get().role == "admin"

    answer = _upload(client, consultation, "responses.csv", demo_csv.read_bytes())
    assert answer.status_code == 302
    page = client.get(answer["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "respondent_id" in body and "open text" in body and "Start the analysis" in body

    roles = {f"role_{i}": r for i, r in enumerate(_roles(page))}
    started = client.post(answer["Location"], roles)
    assert started.status_code == 302
    job = Job.objects.get()
    assert job.kind == "analyse" and job.state == "queued"
    detail = client.get(started["Location"])
    assert b'http-equiv="refresh"' in detail.content  # progress without JavaScript
    assert b"Waiting for a worker" in detail.content
    history = client.get(reverse("consultations:history", kwargs={"pk": consultation.pk}))
    told = " ".join(history.content.decode().split())
    assert "uploaded “responses.csv”" in told
    assert re.search(r"started the analysis of \d+ responses", told)


def _roles(page) -> list[str]:  # type: ignore[no-untyped-def]
    form = page.context["form"]
    return [form.fields[f"role_{i}"].initial for i in range(len(form.column_names))]


def test_confirm_with_changed_roles(people, uploaded: Consultation) -> None:  # type: ignore[no-untyped-def]
    client = people.client("analyst")
    url = reverse("consultations:columns", kwargs={"pk": uploaded.pk})
    page = client.get(url)
    form = page.context["form"]
    roles = {f"role_{i}": r for i, r in enumerate(_roles(page))}
    names = form.column_names
    # Analyse only the first open question.
    opens = [i for i, n in enumerate(names) if roles[f"role_{i}"] == "open text"]
    for i in opens[1:]:
        roles[f"role_{i}"] = "ignored"
    assert client.post(url, roles).status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.columns["open_columns"] == [names[opens[0]]]
    # No open question at all is refused with a reason.
    for i in opens:
        roles[f"role_{i}"] = "ignored"
    refused = client.post(url, roles)
    assert refused.status_code == 200
    assert b"at least one open question" in refused.content


def test_worker_runs_the_job_and_results_appear_when_complete(
    people,
    uploaded: Consultation,
    fake_analysis,  # type: ignore[no-untyped-def]
) -> None:
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    assert not Question.objects.filter(consultation=uploaded).exists()
    assert worker.run_next("test-worker") is not None
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert job.total == 10 and job.done == 10
    uploaded.refresh_from_db()
    assert uploaded.state == "ready"
    assert Response.objects.filter(consultation=uploaded).count() > 0
    assert worker.run_next("test-worker") is None  # the queue is empty
    page = people.client("viewer").get(reverse("consultations:detail", kwargs={"pk": uploaded.pk}))
    assert b"Finished" in page.content and b'http-equiv="refresh"' not in page.content


def test_failure_is_shown_with_its_reason(
    people,
    uploaded: Consultation,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    def broken(source, use_llm, progress, codebook=None):  # type: ignore[no-untyped-def]
        raise InputError("The file has no usable responses.", "Check the columns.")

    monkeypatch.setattr(analysis, "analyse_source", broken)
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    worker.run_next("w")
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.error == "The file has no usable responses. Check the columns."
    uploaded.refresh_from_db()
    assert uploaded.state == "failed"
    page = people.client("viewer").get(reverse("consultations:detail", kwargs={"pk": uploaded.pk}))
    assert b"The analysis failed" in page.content
    assert b"The file has no usable responses." in page.content


def test_job_of_a_dead_worker_is_resumed_without_duplicates(
    uploaded: Consultation,
    fake_analysis,  # type: ignore[no-untyped-def]
) -> None:
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    first = queue.claim("worker-that-dies")
    assert first is not None and first.pk == job.pk
    assert queue.claim("second-worker") is None  # running and fresh: not claimable
    # The first worker dies: its heartbeat goes stale.
    old = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat=old)
    # Run it twice over (as if results had been written once already): no duplicates.
    worker.run_next("second-worker")
    counts = _counts(uploaded)
    Job.objects.filter(pk=job.pk).update(state="running", heartbeat=old)
    worker.run_next("third-worker")
    job.refresh_from_db()
    assert job.state == "done" and job.worker == "third-worker" and job.attempts == 3
    assert _counts(uploaded) == counts
    # The dead worker waking up cannot publish over the new owner's result.
    assert not queue.finish(first)


def _counts(consultation: Consultation) -> tuple[int, int, int]:
    return (
        Question.objects.filter(consultation=consultation).count(),
        Response.objects.filter(consultation=consultation).count(),
        ResponseTheme.objects.filter(response__consultation=consultation).count(),
    )


def test_a_job_that_keeps_killing_workers_is_failed(uploaded: Consultation) -> None:
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    old = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(state="running", heartbeat=old, attempts=3)
    assert queue.claim("w") is None
    job.refresh_from_db()
    assert job.state == "failed" and "3 times" in job.error


def test_upload_limits(people, uploaded: Consultation, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    client = people.client("analyst")
    wrong = _upload(client, uploaded, "notes.docx", b"hello")
    assert b"not a file type" in wrong.content
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 100)
    big = _upload(client, uploaded, "big.csv", b"id,text\n" + b"1,hello there\n" * 20)
    assert b"larger than" in big.content
    monkeypatch.setattr(settings, "MAX_UPLOAD_BYTES", 10_000_000)
    monkeypatch.setattr(settings, "MAX_UPLOAD_ROWS", 5)
    rows = b"id,text\n" + b"".join(b"%d,some words here\n" % i for i in range(10))
    many = _upload(client, uploaded, "many.csv", rows)
    assert b"10 rows" in many.content and b"limit is 5" in many.content
    monkeypatch.setattr(settings, "MAX_XLSX_UNCOMPRESSED_BYTES", 1_000_000)
    bomb = _upload(client, uploaded, "bomb.xlsx", _zip_bomb())
    assert b"expands to far more data" in bomb.content
    # Nothing refused was kept.
    folder = Path(settings.UPLOAD_DIR) / str(uploaded.pk)
    assert sorted(p.name for p in folder.iterdir()) == [upload_path(uploaded).name]


def _zip_bomb() -> bytes:
    """A small zip whose one member inflates to 5 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    return buffer.getvalue()


def test_xlsx_and_jsonl_uploads_are_read(people, uploaded: Consultation, demo_csv: Path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import json

    import openpyxl

    rows = list(csv.reader(demo_csv.open(encoding="utf-8")))
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    client = people.client("analyst")
    answer = _upload(client, uploaded, "demo.xlsx", data.getvalue())
    assert answer.status_code == 302
    assert client.get(answer["Location"]).status_code == 200
    lines = "\n".join(json.dumps(dict(zip(rows[0], r, strict=True))) for r in rows[1:])
    answer = _upload(client, uploaded, "demo.jsonl", lines.encode())
    assert answer.status_code == 302, answer.content[:2000]
    folder = Path(settings.UPLOAD_DIR) / str(uploaded.pk)
    assert [p.suffix for p in folder.iterdir()] == [".jsonl"]  # earlier uploads are removed


@pytest.mark.slow
def test_real_analysis_end_to_end(
    uploaded: Consultation,
    demo_result,
    analysis_home: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """The worker calls the real Consult service and stores what it returns."""
    monkeypatch.setattr(settings, "SOUNDING_HOME", analysis_home)  # reuse the vector cache
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    worker.run_next("real")
    job.refresh_from_db()
    assert job.state == "done", job.error
    themes = {t.id for q in demo_result[1].questions for t in q.themes}
    from sounding.web.consultations.models import Theme

    stored = set(
        Theme.objects.filter(question__consultation=uploaded).values_list("key", flat=True)
    )
    assert stored == themes


def test_heartbeat_beats_while_the_job_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long, silent stage still refreshes the heartbeat, and beating stops with the job."""
    import time

    beats: list[int] = []
    monkeypatch.setattr(queue, "report", lambda job: beats.append(job.pk))
    job = Job(pk=7, kind="analyse")
    with worker.Heartbeat(job, every=0.01) as heartbeat:
        deadline = time.monotonic() + 30
        while len(beats) < 3:
            assert time.monotonic() < deadline, f"{len(beats)} beat(s) in 30 s"
            time.sleep(0.01)
    assert not heartbeat.thread.is_alive()  # no beat can follow the job's end
    assert set(beats) == {7}


def test_a_job_belongs_to_its_subject_and_goes_with_it(uploaded: Consultation) -> None:
    other = Consultation.objects.create(name="Another")
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    queue.enqueue(analysis.ANALYSE, other)
    assert list(queue.jobs_of(uploaded)) == [job]
    assert job.subject == uploaded
    uploaded.delete()
    assert not Job.objects.filter(pk=job.pk).exists()
    assert queue.jobs_of(other).count() == 1


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_each_jobs_consultation_as_its_subject() -> None:
    """Jobs queued before jobs had subjects still find their consultation after upgrading."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("jobs", "0002_checkpoints")], [("jobs", "0003_generic_subject")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    consultation = old.get_model("consultations", "Consultation").objects.create(name="Old")
    old_job = old.get_model("jobs", "Job").objects.create(
        kind=analysis.ANALYSE, consultation_id=consultation.pk
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    job = Job.objects.get(pk=old_job.pk)
    assert job.subject == Consultation.objects.get(pk=consultation.pk)


def test_a_lost_worker_is_shown_as_soon_as_it_misses_its_heartbeats(
    people,  # type: ignore[no-untyped-def]
    uploaded: Consultation,
) -> None:
    queue.enqueue(analysis.ANALYSE, uploaded)
    job = queue.claim("worker-that-dies")
    assert job is not None
    queue.report(job, "Embedding responses", 49, 100)
    url = reverse("consultations:progress", kwargs={"pk": uploaded.pk})
    client = people.client("viewer")
    client.defaults["HTTP_HX_REQUEST"] = "true"  # the fragment htmx polls for
    assert "Worker lost" not in client.get(url).content.decode()
    # Two beats missed: long before another worker may take the job (JOB_STALE_SECONDS).
    silent = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS / 2 + 1)
    Job.objects.filter(pk=job.pk).update(heartbeat=silent)
    page = client.get(url).content.decode()
    assert "Worker lost, resuming" in page and "49 of 100" in page
    assert queue.claim("second-worker") is None  # not stale yet: nobody takes it over


def test_a_half_configured_model_is_not_offered(
    people,  # type: ignore[no-untyped-def]
    uploaded: Consultation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only a base URL: the analysis runs offline, so the page does not offer the model."""
    monkeypatch.setenv("SOUNDING_LLM__BASE_URL", "http://127.0.0.1:9/v1")
    page = people.client("analyst").get(
        reverse("consultations:columns", kwargs={"pk": uploaded.pk})
    )
    assert "use_llm" not in page.context["form"].fields
    assert "runs offline" in page.content.decode()


def test_when_no_text_column_is_found_the_page_lets_the_analyst_choose(
    people,  # type: ignore[no-untyped-def]
    uploaded: Consultation,
) -> None:
    """Short answers look like categories to detection; the page asks instead of refusing."""
    rows = ["id,area,answer"] + [f"R{i},North,too dear {i % 3}" for i in range(40)]
    client = people.client("analyst")
    answer = _upload(client, uploaded, "short.csv", "\n".join(rows).encode())
    assert answer.status_code == 302, answer.content.decode()[:500]
    page = client.get(reverse("consultations:columns", kwargs={"pk": uploaded.pk}))
    body = page.content.decode()
    assert "Choose the column to analyse" in body and "--text-column" not in body
    assert "set in overrides" not in body and "a guess: its answers are the longest" in body
    form = page.context["form"]
    roles = {f"role_{i}": form.fields[f"role_{i}"].initial for i in range(len(form.column_names))}
    names = form.column_names
    roles[f"role_{names.index('answer')}"] = "open text"
    roles[f"role_{names.index('area')}"] = "metadata"
    assert (
        client.post(reverse("consultations:columns", kwargs={"pk": uploaded.pk}), roles).status_code
        == 302
    )
    uploaded.refresh_from_db()
    assert uploaded.columns["open_columns"] == ["answer"]


def test_a_file_of_ids_alone_has_no_column_to_guess(people, uploaded: Consultation) -> None:  # type: ignore[no-untyped-def]
    """Its numbers had been guessed as the text, analysed, and counted as nothing."""
    client = people.client("analyst")
    rows = ["respondent_id"] + [str(i) for i in range(1, 30)]
    _upload(client, uploaded, "ids.csv", "\n".join(rows).encode())
    page = client.get(reverse("consultations:columns", kwargs={"pk": uploaded.pk}))
    body = page.content.decode()
    assert "No text column found" in body
    assert "a guess: its answers are the longest" not in body
