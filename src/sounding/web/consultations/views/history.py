"""The audit trail of a consultation: every change, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sounding.web.consultations.access import consultation_view
from sounding.web.consultations.models import Consultation, Membership, Role


@consultation_view(Role.VIEWER)
def history(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    edits = consultation.edits.select_related("user")
    page = Paginator(edits, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/history.html",
        {
            "consultation": consultation,
            "member": member,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
            "ellipsis": page.paginator.ELLIPSIS,
        },
    )
