"""Giving a theme to, or taking it from, every response a filter of the Responses page
shows: asked first, then done as one change that History can undo."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sounding.web.consultations import review
from sounding.web.consultations.access import consultation_view
from sounding.web.consultations.models import (
    Consultation,
    Membership,
    Response,
    Role,
    Stance,
    Theme,
)
from sounding.web.consultations.views.responses import filtered
from sounding.web.converters import as_id

#: The fields of the bulk form itself; everything else it posts is the list's filters.
OWN = ("csrfmiddlewaretoken", "bulk_action", "bulk_theme", "confirmed")
#: Responses a bulk change leaves alone: they have nothing to code.
NOT_CODED = (Response.Status.BLANK, Response.Status.REJECTED)


def describe_filters(consultation: Consultation, params: dict[str, str]) -> str:
    """The filters in words, for the confirmation and the history."""
    parts = []
    themes = dict(
        Theme.objects.filter(question__consultation=consultation).values_list("pk", "label")
    )
    theme = params.get("theme", "")
    if (theme_id := as_id(theme)) in themes:
        parts.append(f"theme “{themes[theme_id]}”")
    elif theme == "none":
        parts.append("no theme")
    if stance := params.get("stance"):
        parts.append(f"stance {dict(Stance.choices).get(stance, stance).lower()}")
    for name, words in (("status", "status"), ("closed", "closed answer")):
        if value := params.get(name):
            parts.append(f"{words} “{value}”")
    if q := params.get("q"):
        parts.append(f"keyword “{q}”")
    for flag, words in (
        ("flagged", "flagged for attention"),
        ("safeguarding", "a possible safeguarding concern"),
        ("campaign", "in a campaign"),
    ):
        if params.get(flag) == "1":
            parts.append(words)
    columns = consultation.analysis_meta.get("metadata_columns", [])
    for index, column in enumerate(columns):
        if value := params.get(f"m{index}"):
            parts.append(f"{column} “{value}”")
    return "matching " + ", ".join(parts) if parts else "every response of the question"


@consultation_view(Role.ANALYST)
@require_POST
def responses_bulk(
    request: HttpRequest, consultation: Consultation, member: Membership
) -> HttpResponse:
    params = {k: v for k in request.POST if k not in OWN and (v := request.POST.get(k, ""))}
    back = reverse("consultations:responses", args=[consultation.pk]) + "?" + urlencode(params)
    theme_id = request.POST.get("bulk_theme", "")
    theme = get_object_or_404(
        Theme.objects.select_related("question"),
        pk=as_id(theme_id) or 0,
        question__consultation=consultation,
    )
    add = request.POST.get("bulk_action") != "remove"
    if params.get("question") != str(theme.question_id) or params.get("meaning"):
        messages.error(request, "Choose the theme's question, and no search by meaning, first.")
        return redirect(back)
    params.pop("unread", None)  # what one analyst has read is no filter for a shared change
    # Only answers with something to code: a bulk add had given a theme to 66 blank ones.
    rows = filtered(consultation, params).exclude(status__in=NOT_CODED)
    described = describe_filters(consultation, params)
    if request.POST.get("confirmed") != "1":
        return render(
            request,
            "consultations/bulk_confirm.html",
            {
                "consultation": consultation,
                "member": member,
                "theme": theme,
                "add": add,
                "count": rows.count(),
                # "Every response of this question every response of the question" had
                # read twice over where no filter narrowed it.
                "matching": described if described.startswith("matching") else "",
                "params": params,
                "back": back,
            },
        )
    changed = review.bulk_theme(theme, rows, add, member.user, described)
    verb = "Added" if add else "Took"
    where = "to" if add else "from"
    messages.success(
        request, f"{verb} “{theme.label}” {where} {changed} responses. History can undo it."
    )
    return redirect(back)
