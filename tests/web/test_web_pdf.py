"""The HTML report exported as PDF by headless Chromium, or a clear message without it."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sounding.web.consultations.files import pdf
from sounding.web.consultations.models import Consultation

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(pdf.chromium() is None, reason="needs chromium on PATH")
def test_report_pdf_is_printed_by_chromium(ready: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    url = reverse("consultations:report_pdf", args=[ready.pk])
    answer = people.client("viewer").get(url)
    assert answer.status_code == 200, answer.content[:500]
    assert answer["Content-Type"] == "application/pdf"
    assert f"consultation-{ready.pk}-report.pdf" in answer["Content-Disposition"]
    assert answer.content.startswith(b"%PDF")
    assert len(answer.content) > 5000
    # Paper shows each theme's two most typical quotes, and says so: no "(5 quotes)" above
    # them, nor "Open a theme".
    text = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(answer.content)).pages
    )
    assert "two most typical" in text and "Open a theme" not in text
    assert not re.search(r"\(\d+ quotes", text)
    listing = people.client("viewer").get(reverse("consultations:exports", args=[ready.pk]))
    assert url.encode() in listing.content
    assert b"needs Chromium" not in listing.content


def test_report_pdf_without_chromium_says_so(
    ready: Consultation,
    people,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    answer = people.client("viewer").get(reverse("consultations:report_pdf", args=[ready.pk]))
    assert answer.status_code == 503
    assert b"PDF export needs Chromium" in answer.content
    listing = people.client("viewer").get(reverse("consultations:exports", args=[ready.pk]))
    assert b"needs Chromium" in listing.content


def test_report_pdf_needs_a_finished_analysis(uploaded: Consultation, people) -> None:  # type: ignore[no-untyped-def]
    answer = people.client("viewer").get(reverse("consultations:report_pdf", args=[uploaded.pk]))
    assert answer.status_code == 404


def test_the_printed_page_may_run_no_script() -> None:
    page = pdf.locked(b"<!DOCTYPE html><html><HEAD><title>r</title></head><body>x</body></html>")
    assert page.index(b"Content-Security-Policy") < page.index(b"<title>")
    assert b"default-src 'none'" in page and b"script-src" not in page
    assert pdf.locked(b"<p>bare</p>").startswith(pdf.POLICY)
