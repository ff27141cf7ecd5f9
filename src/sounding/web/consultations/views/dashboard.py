"""The dashboard: per question, what became of responses, prevalence by stance and by
respondent group, campaigns, and how far analysts' corrections agree with the machine."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sounding.web.consultations.access import consultation_view
from sounding.web.consultations.models import Consultation, Membership, Role
from sounding.web.consultations.queries import stats
from sounding.web.converters import as_id


@consultation_view(Role.VIEWER)
def dashboard(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    dimensions = list((consultation.analysis_meta or {}).get("metadata_columns", []))
    by = request.GET.get("by", "")
    index = as_id(by)
    chosen = dimensions[index] if index is not None and index < len(dimensions) else None
    questions = []
    for question in consultation.questions.all():
        values, groups = stats.cached_group_counts(question, chosen) if chosen else ([], [])
        questions.append(
            {
                "question": question,
                "status": stats.cached_status_counts(question),
                "themes": stats.cached_theme_counts(question)[:15],
                "agreement": stats.agreement(question),
                # No stance column (and none from a model): no stance split of zeros.
                "has_stance": stats.cached_has_stance(question),
                "campaigns": stats.campaigns(question),
                "values": values,
                "groups": groups[:15],
            }
        )
    return render(
        request,
        "consultations/dashboard.html",
        {
            "consultation": consultation,
            "member": member,
            "questions": questions,
            "dimensions": list(enumerate(dimensions)),
            "chosen": chosen,
            "by": by,
        },
    )
