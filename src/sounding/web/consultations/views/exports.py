"""Downloading the current analysis, with analysts' edits, in the command line's formats."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sounding.files.write import OUTPUT_DESCRIPTIONS
from sounding.web.consultations.access import consultation_view
from sounding.web.consultations.files import pdf
from sounding.web.consultations.files.exporter import DOWNLOADS, export_file
from sounding.web.consultations.models import Consultation, Membership, Role


@consultation_view(Role.VIEWER)
def exports(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    return render(
        request,
        "consultations/exports.html",
        {
            "consultation": consultation,
            "member": member,
            "files": [(name, OUTPUT_DESCRIPTIONS[name]) for name in DOWNLOADS],
            "pdf": pdf.chromium() is not None,
        },
    )


@consultation_view(Role.VIEWER)
def report_pdf(
    request: HttpRequest, consultation: Consultation, member: Membership
) -> HttpResponse:
    """The HTML report, as it stands now, printed to PDF by headless Chromium."""
    if consultation.state != Consultation.State.READY:
        raise Http404("No such export.")
    try:
        body = pdf.html_to_pdf(export_file(consultation, "report.html"))
    except pdf.PdfUnavailable as error:
        return render(
            request,
            "consultations/exports.html",
            {
                "consultation": consultation,
                "member": member,
                "files": [(name, OUTPUT_DESCRIPTIONS[name]) for name in DOWNLOADS],
                "pdf_error": str(error),
            },
            status=503,
        )
    response = HttpResponse(body, content_type="application/pdf")
    name = f"consultation-{consultation.pk}-report.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@consultation_view(Role.VIEWER)
def download(
    request: HttpRequest, consultation: Consultation, member: Membership, name: str
) -> HttpResponse:
    if name not in DOWNLOADS or consultation.state != Consultation.State.READY:
        raise Http404("No such export.")
    response = HttpResponse(export_file(consultation, name), content_type=DOWNLOADS[name])
    stem = f"consultation-{consultation.pk}-{name}"
    response["Content-Disposition"] = f'attachment; filename="{stem}"'
    if name == "report.html":
        # The report is self-contained and escapes response text; still, never let a
        # downloaded page run script under this site's origin.
        response["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
        )
    return response
