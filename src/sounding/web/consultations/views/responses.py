"""Browsing responses with filters and search; correcting a response's themes; flagging."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from sounding.consult.language import language_name
from sounding.safety.safeguarding import SAFEGUARDING_FLAG
from sounding.web.consultations import review
from sounding.web.consultations.access import can_edit, consultation_view
from sounding.web.consultations.forms import CorrectionForm
from sounding.web.consultations.history_text import sentences
from sounding.web.consultations.models import (
    Consultation,
    Edit,
    Membership,
    Question,
    ReadMark,
    Response,
    Role,
    Stance,
)
from sounding.web.consultations.queries import keywords, pages, search
from sounding.web.converters import as_id
from sounding.web.htmx import is_htmx, render_either

PAGE_SIZE = 50
#: Closed answers offered to filter on.
MOST_CLOSED = 50


def _int(value: str | None) -> int | None:
    return as_id(value)


def filtered(
    consultation: Consultation, params: dict[str, str], user: Any = None
) -> QuerySet[Response]:
    """Responses matching the filters in `params` (unknown or malformed values are ignored);
    with `user`, "unread" leaves out the responses that user has opened."""
    rows = Response.objects.filter(consultation=consultation).select_related("question")
    if params.get("unread") == "1" and user is not None:
        rows = rows.exclude(read_marks__user=user)
    if question := _int(params.get("question")):
        rows = rows.filter(question_id=question)
    if theme := _int(params.get("theme")):
        rows = rows.filter(codings__theme_id=theme)
    elif params.get("theme") == "none":
        rows = rows.filter(codings__isnull=True, status=Response.Status.OTHER)
    if (stance := params.get("stance")) in Stance.values:
        rows = rows.filter(stance=stance)
    if (status := params.get("status")) in Response.Status.values:
        rows = rows.filter(status=status)
    if params.get("flagged") == "1":
        rows = rows.filter(flagged=True)
    if params.get("safeguarding") == "1":
        # The analysis's note, among its others (a JSON list): an analyst reading a 300-answer
        # consultation had no way to list the two disclosures the report counted.
        rows = rows.filter(flags__icontains=SAFEGUARDING_FLAG)
    if params.get("campaign") == "1":
        rows = rows.exclude(campaign_id="")
    if closed := params.get("closed"):
        rows = rows.filter(closed_answer=closed[:500])
    if language := params.get("language"):
        rows = rows.filter(language=language[:8])
    dimensions = consultation.analysis_meta.get("metadata_columns", [])
    for index, dimension in enumerate(dimensions):
        if value := params.get(f"m{index}"):
            rows = rows.filter(**{f"metadata__{dimension}": value})
    if q := (params.get("q") or "").strip():
        rows = keywords.matching(rows, q[:200])
    # No DISTINCT: a response has at most one coding per theme (a unique constraint) and the
    # other filters are on its own columns, so no row repeats; DISTINCT over every column made
    # each page of a 100,000-response consultation slow to count.
    if question:  # the same order, read off the (question, position) index
        return pages.in_question_order(rows)
    return rows.order_by("question__position", "position", "pk")


def _whole(params: dict[str, str]) -> bool:
    """Whether the filters keep every response of the questions they name (a question, or
    all of them), so a meaning search ranks whole questions without filtering."""
    return set(params) <= {"question", "meaning", "page"}


def list_key(consultation: Consultation, params: dict[str, str]) -> str:
    """What a list's count depends on: its filters and the data (see `_ranking_key`)."""
    return _ranking_key(consultation, params)


def _ranking_key(consultation: Consultation, params: dict[str, str]) -> str:
    """What a meaning search's ranking depends on besides the query: the filters and the
    data (an analysis, or any recorded edit, changes it); "" (no caching) for "unread",
    which changes as the analyst reads."""
    if params.get("unread") == "1":
        return ""
    filters = sorted((k, v) for k, v in params.items() if k not in ("page", "meaning"))
    last_edit = consultation.edits.order_by("-pk").values_list("pk", flat=True).first()
    return f"{_consultation_key(consultation)}:{last_edit}:{filters}"


def _consultation_key(consultation: Consultation) -> str:
    """The consultation and its analysis; with when it was made, so that ids a database
    hands out again (SQLite's, after a rollback) never name another one's cached counts."""
    made = consultation.created_at.isoformat() if consultation.created_at else ""
    return f"{consultation.pk}:{made}:{consultation.analysed_at}"


@consultation_view(Role.VIEWER)
def response_list(
    request: HttpRequest, consultation: Consultation, member: Membership
) -> HttpResponse:
    params = {key: value for key in request.GET if (value := request.GET.get(key, ""))}
    question_id = _int(params.get("question"))
    questions = list(consultation.questions.all())
    themes = []
    if question_id:
        themes = [t for q in questions if q.pk == question_id for t in q.themes.order_by("label")]
        if (theme := _int(params.get("theme"))) and theme not in {t.pk for t in themes}:
            del params["theme"]  # a theme of the question chosen before this one
    rows: Any = filtered(consultation, params, request.user).prefetch_related("codings__theme")
    meaning = (params.get("meaning") or "").strip()[:500]
    meaning_error = ""
    if meaning:
        try:
            rows = search.by_meaning(
                rows, meaning, _ranking_key(consultation, params), whole=_whole(params)
            )
        except search.SearchUnavailable as error:
            meaning_error = str(error)
    # Counted once per filter and data version; every question: sliced a question at a time.
    count_key = "" if meaning else list_key(consultation, params)
    if not meaning and not question_id:
        rows = pages.ByQuestion(rows, [q.pk for q in questions], count_key)
    paginator = pages.CountedPaginator(rows, PAGE_SIZE, count_key)
    page = paginator.get_page(request.GET.get("page"))
    meta = consultation.analysis_meta or {}
    dimensions = [
        {
            "name": f"m{i}",
            "label": d,
            "values": meta.get("metadata_values", {}).get(d, []),
            "selected": params.get(f"m{i}", ""),
        }
        for i, d in enumerate(meta.get("metadata_columns", []))
    ]
    keep = urlencode({k: v for k, v in params.items() if k != "page"})
    here = urlencode(params)  # the list as it is, page included: a response links back to it
    return render_either(
        request,
        "consultations/responses.html",
        "consultations/_responses_fragment.html",
        {
            "consultation": consultation,
            "member": member,
            "can_edit": can_edit(member),
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
            "ellipsis": page.paginator.ELLIPSIS,
            "params": params,
            "questions": questions,
            "question_id": question_id,
            "themes": themes,
            "theme_id": _int(params.get("theme")),
            "stances": Stance.choices,
            "statuses": Response.Status.choices,
            "dimensions": dimensions,
            "query": keep,
            "here": here,
            "closed_answers": _closed_answers(consultation, question_id, questions),
            "languages": _languages(meta),
            "meaning": meaning,
            "meaning_error": meaning_error,
        },
    )


def _languages(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """The languages to filter on, by code and name, where answers came in more than one."""
    codes = meta.get("languages", [])
    return [(code, language_name(code)) for code in codes] if len(codes) > 1 else []


def _closed_answers(
    consultation: Consultation, question_id: int | None, questions: list[Question]
) -> list[str]:
    """The distinct closed answers (the stance questions' choices) to filter on: noted per
    question when the analysis was stored; for an analysis stored before they were, asked
    of the database once (they change only with a new analysis, which has new questions)."""
    noted = (consultation.analysis_meta or {}).get("closed_answers")
    if isinstance(noted, dict):
        keys = [q.key for q in questions if not question_id or q.pk == question_id]
        return sorted({value for key in keys for value in noted.get(key, [])})[:MOST_CLOSED]

    def ask() -> list[str]:
        rows = Response.objects.filter(consultation=consultation).exclude(closed_answer="")
        if question_id:
            rows = rows.filter(question_id=question_id)
        values = rows.order_by().values_list("closed_answer", flat=True).distinct()
        return sorted(values[:MOST_CLOSED])

    analysis = f"{_consultation_key(consultation)}:{[q.pk for q in questions]}"
    return pages.cached(f"{analysis}:{question_id}", "closed answers", ask)


def _response(consultation: Consultation, response_id: int) -> Response:
    return get_object_or_404(
        Response.objects.select_related("question"), pk=response_id, consultation=consultation
    )


def neighbours(
    consultation: Consultation, filters: dict[str, str], response: Response, user: Any
) -> tuple[int | None, int | None]:
    """The ids of the responses before and after `response` in the list `filters` make (in
    its order, by meaning when it was searched by meaning), or None at either end."""
    rows = filtered(consultation, filters, user)
    if meaning := (filters.get("meaning") or "").strip()[:500]:
        try:
            key = _ranking_key(consultation, filters)
            ids = search.by_meaning(rows, meaning, key, whole=_whole(filters)).ids()
        except search.SearchUnavailable:
            return None, None
        if response.pk not in ids:
            return None, None
        at = ids.index(response.pk)
        return (ids[at - 1] if at else None), (ids[at + 1] if at + 1 < len(ids) else None)
    q, p = response.question.position, response.position
    later = Q(question__position__gt=q) | Q(question__position=q, position__gt=p)
    later |= Q(question__position=q, position=p, pk__gt=response.pk)
    earlier = Q(question__position__lt=q) | Q(question__position=q, position__lt=p)
    earlier |= Q(question__position=q, position=p, pk__lt=response.pk)
    ordered = rows.order_by("question__position", "position", "pk")
    after = ordered.filter(later).values_list("pk", flat=True).first()
    before = ordered.filter(earlier).reverse().values_list("pk", flat=True).first()
    return before, after


@consultation_view(Role.VIEWER)
@require_http_methods(["GET", "POST"])
def response_detail(
    request: HttpRequest, consultation: Consultation, member: Membership, response_id: int
) -> HttpResponse:
    """A response in full; analysts may correct its themes here. The query string holds the
    list's filters, so "Back" returns to that list and next/previous walk through it."""
    response = _response(consultation, response_id)
    filters = {key: value for key in request.GET if (value := request.GET.get(key, ""))}
    before, after = neighbours(consultation, filters, response, request.user)
    ReadMark.objects.bulk_create(
        [ReadMark(user_id=member.user_id, response=response)], ignore_conflicts=True
    )
    choices = response.question.themes.order_by("label")
    current = list(response.codings.select_related("theme"))
    form = CorrectionForm(
        request.POST or None, themes=choices, initial={"themes": [c.theme for c in current]}
    )
    status = 200
    if request.method == "POST":
        if not can_edit(member):
            return render(request, "403.html", status=403)
        if form.is_valid():
            chosen = [t.pk for t in form.cleaned_data["themes"]]
            seen = _int(request.POST.get("version"))
            try:
                review.set_response_themes(response, chosen, request.user, version=seen)
            except review.StaleEdit as stale:
                # Show the response as it is now, with the form as the analyst left it.
                messages.error(request, str(stale))
                response.refresh_from_db()
                current = list(response.codings.select_related("theme"))
                status = 409
            else:
                messages.success(request, "Themes saved.")
                return redirect(request.get_full_path())
    name = f"response {response.respondent_id} ({response.question.key})"
    return render(
        request,
        "consultations/response.html",
        {
            "consultation": consultation,
            "member": member,
            "can_edit": can_edit(member),
            "response": response,
            "codings": current,
            "form": form,
            "history": sentences(
                Edit.objects.filter(consultation=consultation, target=name)[:50], consultation
            ),
            "read": True,  # opening it marked it read
            "here": urlencode(filters),
            "back": urlencode(filters) or urlencode({"question": response.question_id}),
            "previous": before,
            "next": after,
            "metadata": _in_file_order(response.metadata or {}, consultation),
        },
        status=status,
    )


@consultation_view(Role.ANALYST)
@require_POST
def response_flag(
    request: HttpRequest, consultation: Consultation, member: Membership, response_id: int
) -> HttpResponse:
    """Flag a response for attention, or clear its flag. The form carries the response's
    version as the analyst saw it: if someone changed the response since, nothing is saved."""
    response = _response(consultation, response_id)
    wanted = request.POST.get("flagged") == "1"
    seen = _int(request.POST.get("version"))
    status = 200
    try:
        review.set_flag(response, wanted, request.user, version=seen)
    except review.StaleEdit as stale:
        response.refresh_from_db()
        messages.error(request, str(stale))
        status = 409
    else:
        messages.success(request, "Flagged for attention." if wanted else "Flag removed.")
    return _marks(request, consultation, member, response, status)


@consultation_view(Role.VIEWER)
@require_POST
def response_read(
    request: HttpRequest, consultation: Consultation, member: Membership, response_id: int
) -> HttpResponse:
    """Mark a response read or unread, for this user only (the "unread" filter).

    Opening a response marks it read, so without htmx "unread" goes back to the list."""
    response = _response(consultation, response_id)
    if request.POST.get("read") == "1":
        ReadMark.objects.bulk_create(
            [ReadMark(user_id=member.user_id, response=response)], ignore_conflicts=True
        )
        messages.success(request, f"Response {response.respondent_id} marked as read.")
    else:
        ReadMark.objects.filter(user_id=member.user_id, response=response).delete()
        messages.success(request, f"Response {response.respondent_id} marked as unread.")
        if not is_htmx(request):
            return redirect("consultations:responses", pk=consultation.pk)
    return _marks(request, consultation, member, response)


def _marks(
    request: HttpRequest,
    consultation: Consultation,
    member: Membership,
    response: Response,
    status: int = 200,
) -> HttpResponse:
    """htmx gets the response's flag and read state in place; a plain form goes back to it."""
    if not is_htmx(request):
        return redirect("consultations:response", pk=consultation.pk, response_id=response.pk)
    read = ReadMark.objects.filter(user_id=member.user_id, response=response).exists()
    return render_either(
        request,
        "consultations/response.html",
        "consultations/_response_marks_fragment.html",
        {
            "consultation": consultation,
            "member": member,
            "can_edit": can_edit(member),
            "response": response,
            "read": read,
        },
        status=status,
    )


def _in_file_order(metadata: dict[str, str], consultation: Consultation) -> list[tuple[str, str]]:
    """A respondent's details in the order of the file's columns: sorted as text, "Q10" and
    "Q11" had come between "Q1" and "Q2"."""
    order = {c: i for i, c in enumerate(consultation.analysis_meta.get("metadata_columns", []))}
    return sorted(metadata.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
