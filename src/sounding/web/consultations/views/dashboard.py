"""The dashboard: per question, what became of responses, prevalence by stance and by
respondent group, campaigns, and how far analysts' corrections agree with the machine.

Analysts see every group's counts, as they see every response; a group too small for the
report to publish (`report.disclosure`) is marked as such, so a figure is not copied from
here into a publication."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sounding.report.disclosure import (
    WITHHELD,
    min_group_size,
    withheld_everywhere,
    withheld_groups,
)
from sounding.web.consultations.access import consultation_view
from sounding.web.consultations.models import Consultation, Membership, Role
from sounding.web.consultations.queries import stats
from sounding.web.converters import as_id

#: Most common themes each question's tables show; the themes page has them all.
DASHBOARD_THEMES = 15


@consultation_view(Role.VIEWER)
def dashboard(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    meta = consultation.analysis_meta or {}
    dimensions = list(meta.get("metadata_columns", []))
    minimum = min_group_size(meta.get("settings", {}))
    by = request.GET.get("by", "")
    index = as_id(by)
    chosen = dimensions[index] if index is not None and index < len(dimensions) else None
    all_questions = list(consultation.questions.all())
    group_sizes = {
        q.pk: stats.cached_group_sizes(q, chosen) if chosen else {} for q in all_questions
    }
    # A group the report withholds in any of the dimension's tables, it withholds in all.
    tables = [(chosen, sizes) for sizes in group_sizes.values()] if chosen else []
    if chosen and (profile := meta.get("answer_counts", {}).get(chosen)):
        tables.append((chosen, profile))
    everywhere = withheld_everywhere(tables, minimum).get(chosen or "", frozenset())
    questions = []
    for question in all_questions:
        themes = stats.cached_theme_counts(question)
        values, groups = stats.cached_group_counts(question, chosen) if chosen else ([], [])
        sizes = group_sizes[question.pk]
        unpublished = withheld_groups(sizes, minimum, everywhere)
        questions.append(
            {
                "question": question,
                "status": stats.cached_status_counts(question),
                # Counted and themed as the overview counts them, copies included: a raw
                # status count ("themed: 241" beside "duplicate: 41") had read as a figure
                # that disagreed with the overview's 281 themed.
                "counts": stats.cached_counts(question),
                "themes": themes[:DASHBOARD_THEMES],
                # Said under the table: a library survey's 17 themes had shown as 15.
                "more_themes": max(len(themes) - DASHBOARD_THEMES, 0),
                "agreement": stats.agreement(question),
                # No stance column (and none from a model): no stance split of zeros.
                "has_stance": stats.cached_has_stance(question),
                "campaigns": stats.campaigns(question),
                "values": [
                    {"name": v, "size": sizes.get(v, 0), "unpublished": _why(unpublished.get(v))}
                    for v in values
                ],
                "has_unpublished": bool(unpublished),
                "groups": groups[:DASHBOARD_THEMES],
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
            "minimum": minimum,
        },
    )


def _why(shown: str | None) -> str:
    """Why the report does not publish a group's figures ("" where it does)."""
    if shown is None:
        return ""
    if shown == WITHHELD:
        return "withheld: it would reveal a smaller group, here or in another table"
    return f"{shown}: not published"
