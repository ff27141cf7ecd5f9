"""Exports reuse the command line's writers: formula-safe, and with analysts' edits."""

from __future__ import annotations

import csv
import io
from html import escape

import openpyxl
import pytest
from django.urls import reverse

from sounding.web.consultations import review
from sounding.web.consultations.models import Consultation, Response

pytestmark = pytest.mark.django_db


def _get(client, consultation: Consultation, name: str):  # type: ignore[no-untyped-def]
    return client.get(
        reverse("consultations:download", kwargs={"pk": consultation.pk, "name": name})
    )


def test_csv_and_xlsx_exports_are_formula_safe(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    response = Response.objects.filter(consultation=ready).first()
    Response.objects.filter(pk=response.pk).update(text='=HYPERLINK("http://evil","click")')
    client = people.client("viewer")
    page = client.get(reverse("consultations:exports", kwargs={"pk": ready.pk}))
    assert b"report.xlsx" in page.content and b"responses.csv" in page.content

    csv_file = _get(client, ready, "responses.csv")
    assert csv_file.status_code == 200
    assert csv_file["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    texts = {r["response_id"]: r["text"] for r in rows if r["question"] == response.question.key}
    assert texts[response.respondent_id] == '\'=HYPERLINK("http://evil","click")'

    xlsx = _get(client, ready, "report.xlsx")
    assert xlsx.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [c for row in book["Responses"].iter_rows() for c in row]
    [formula] = [c for c in cells if c.value == '=HYPERLINK("http://evil","click")']
    # Text Excel keeps as text (its quote prefix), never a formula, and no "'" on show.
    assert formula.data_type == "s" and formula.quotePrefix
    assert not any(c.data_type == "f" for c in cells)


def test_exports_include_edits(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    question = max(ready.questions.all(), key=lambda q: q.themes.count())
    keep, absorb = list(question.themes.all()[:2])
    review.merge_themes(keep, keep.version, absorb, absorb.version, people.analyst)
    review.edit_theme(keep, keep.version, people.analyst, "Renamed theme", "", keep.stance)
    themes = _get(people.client("viewer"), ready, "themes.csv").content.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(themes)) if r["question"] == question.key]
    labels = {r["theme_id"]: r["label"] for r in rows}
    assert labels[keep.key] == "Renamed theme" and absorb.key not in labels
    merged = next(r for r in rows if r["theme_id"] == keep.key)
    assert (
        int(merged["count"])
        == keep.codings.filter(response__status__in=["themed", "other", "duplicate"]).count()
    )


def test_report_is_titled_with_the_consultations_name(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    ready.name = "Pavement parking <2026>"
    ready.save()
    client = people.client("viewer")
    html = _get(client, ready, "report.html").content.decode()
    assert "<h1>Pavement parking &lt;2026&gt;</h1>" in html
    book = openpyxl.load_workbook(io.BytesIO(_get(client, ready, "report.xlsx").content))
    assert book["Summary"]["A1"].value == "Pavement parking <2026>"


def test_unknown_export_and_unfinished_analysis_are_not_found(
    uploaded: Consultation,
    people,  # type: ignore[no-untyped-def]
) -> None:
    client = people.client("viewer")
    assert _get(client, uploaded, "report.xlsx").status_code == 404
    uploaded.state = "ready"
    uploaded.save()
    base = reverse("consultations:exports", kwargs={"pk": uploaded.pk})
    assert client.get(base + "..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert _get(client, uploaded, "settings.py").status_code == 404


def test_the_export_page_says_what_each_file_holds(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    from sounding.files.write import OUTPUT_DESCRIPTIONS

    page = people.client("viewer").get(reverse("consultations:exports", args=[ready.pk]))
    body = page.content.decode()
    for name, about in OUTPUT_DESCRIPTIONS.items():
        assert name in body and escape(about) in body
