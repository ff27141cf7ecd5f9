"""Reviewing through the API: a question's themes (list, add, edit, merge, split, delete) and
a response's themes and flag.

Every write calls the same `review` function as the page that does it, so it is one
transaction, versioned and written to the history in the same way. The client sends the
version it read; if someone changed the theme or response since, the answer is 409 with the
reason, and nothing is saved. Writing needs the analyst role (viewers get 403).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from sounding.web.consultations import review
from sounding.web.consultations.access import BUSY, busy
from sounding.web.consultations.api.base import (
    CodingIn,
    FlagIn,
    MergeIn,
    Problem,
    ResponseOut,
    SplitIn,
    ThemeIn,
    ThemeNew,
    ThemeOut,
    Version,
    member,
    response_out,
)
from sounding.web.consultations.models import (
    Consultation,
    Question,
    Response,
    ResponseTheme,
    Role,
    Theme,
)
from sounding.web.consultations.queries.stats import theme_counts

router = Router()

#: What a write may answer besides success.
REFUSALS: dict[int, Any] = {400: Problem, 403: Problem, 404: Problem, 409: Problem}


class VersionQuery(Schema):
    version: Version


def _consultation(request: HttpRequest, pk: int, role: Role = Role.ANALYST) -> Consultation:
    """The consultation, for a caller of at least `role`; an analyst's change is refused
    with 409 while the analysis is re-run, as on the pages (`access.busy`)."""
    consultation = member(request, pk, role).consultation
    if role == Role.ANALYST and busy(consultation):
        raise HttpError(409, BUSY)
    return consultation


def _theme(consultation: Consultation, theme_id: int) -> Theme:
    return get_object_or_404(
        Theme.objects.select_related("question"), pk=theme_id, question__consultation=consultation
    )


def _response(consultation: Consultation, response_id: int) -> Response:
    return get_object_or_404(
        Response.objects.select_related("question"), pk=response_id, consultation=consultation
    )


def _counted(theme: Theme) -> Theme:
    """`theme` with its counts, as the theme list shows it."""
    return theme_counts(theme.question).get(pk=theme.pk)


def _stale(error: review.StaleEdit) -> Status[Problem]:
    return Status(409, Problem(detail=str(error)))


def _bad(detail: str) -> Status[Problem]:
    return Status(400, Problem(detail=detail))


@router.get("/consultations/{pk}/questions/{question_id}/themes", response=list[ThemeOut])
def list_themes(request: HttpRequest, pk: int, question_id: int) -> list[Any]:
    consultation = _consultation(request, pk, Role.VIEWER)
    question = get_object_or_404(consultation.questions, pk=question_id)
    return list(theme_counts(question))


@router.post(
    "/consultations/{pk}/questions/{question_id}/themes",
    response={201: ThemeOut, **REFUSALS},
)
def add_theme(request: HttpRequest, pk: int, question_id: int, body: ThemeNew) -> Status[Any]:
    """Add an analyst's theme to the question (re-assign to code responses with it)."""
    consultation = _consultation(request, pk)
    question = get_object_or_404(Question, pk=question_id, consultation=consultation)
    if clash := review.label_clash(body.label, review.other_labels(question)):
        return _bad(clash)
    theme = review.add_theme(question, request.user, body.label, body.description, str(body.stance))
    return Status(201, _counted(theme))


@router.put("/consultations/{pk}/themes/{theme_id}", response={200: ThemeOut, **REFUSALS})
def edit_theme(request: HttpRequest, pk: int, theme_id: int, body: ThemeIn) -> Status[Any]:
    """Rename or re-describe a theme; `version` must be the one read, or 409 is returned."""
    theme = _theme(_consultation(request, pk), theme_id)
    if clash := review.label_clash(body.label, review.other_labels(theme.question, but=theme)):
        return _bad(clash)
    try:
        review.edit_theme(
            theme, body.version, request.user, body.label, body.description, str(body.stance)
        )
    except review.StaleEdit as stale:
        return _stale(stale)
    return Status(200, _counted(theme))


@router.delete("/consultations/{pk}/themes/{theme_id}", response={204: None, **REFUSALS})
def delete_theme(
    request: HttpRequest, pk: int, theme_id: int, query: Query[VersionQuery]
) -> Status[Any]:
    """Delete a theme; its responses lose it (they keep their other themes)."""
    theme = _theme(_consultation(request, pk), theme_id)
    try:
        review.delete_theme(theme, query.version, request.user)
    except review.StaleEdit as stale:
        return _stale(stale)
    return Status(204, None)


@router.post("/consultations/{pk}/themes/{theme_id}/merge", response={200: ThemeOut, **REFUSALS})
def merge_themes(request: HttpRequest, pk: int, theme_id: int, body: MergeIn) -> Status[Any]:
    """Merge theme `absorb` into this one: its responses move here and it is deleted."""
    consultation = _consultation(request, pk)
    keep = _theme(consultation, theme_id)
    absorb = _theme(consultation, body.absorb)
    if keep.pk == absorb.pk or keep.question_id != absorb.question_id:
        return _bad("Merge two different themes of the same question.")
    try:
        kept = review.merge_themes(keep, body.version, absorb, body.absorb_version, request.user)
    except review.StaleEdit as stale:
        return _stale(stale)
    return Status(200, _counted(kept))


@router.post("/consultations/{pk}/themes/{theme_id}/split", response={201: ThemeOut, **REFUSALS})
def split_theme(request: HttpRequest, pk: int, theme_id: int, body: SplitIn) -> Status[Any]:
    """Move the chosen responses of this theme to a new theme; the new theme is returned."""
    theme = _theme(_consultation(request, pk), theme_id)
    chosen = set(body.responses)
    coded = set(
        ResponseTheme.objects.filter(theme=theme, response_id__in=chosen).values_list(
            "response_id", flat=True
        )
    )
    if strays := sorted(chosen - coded):
        shown = ", ".join(map(str, strays[:20])) + (" …" if len(strays) > 20 else "")
        return _bad(f"These responses are not coded with this theme: {shown}.")
    if clash := review.label_clash(body.label, review.other_labels(theme.question)):
        return _bad(clash)
    try:
        new = review.split_theme(
            theme,
            body.version,
            request.user,
            sorted(chosen),
            body.label,
            body.description,
            str(body.stance),
        )
    except review.StaleEdit as stale:
        return _stale(stale)
    return Status(201, _counted(new))


@router.put(
    "/consultations/{pk}/responses/{response_id}/themes",
    response={200: ResponseOut, **REFUSALS},
)
def set_response_themes(
    request: HttpRequest, pk: int, response_id: int, body: CodingIn
) -> Status[Any]:
    """Correct a response's themes: `themes` is the complete new list (empty for none)."""
    response = _response(_consultation(request, pk), response_id)
    wanted = set(body.themes)
    known = set(
        Theme.objects.filter(question=response.question, pk__in=wanted).values_list("pk", flat=True)
    )
    if strays := sorted(wanted - known):
        shown = ", ".join(map(str, strays[:20]))
        return _bad(f"Not themes of this response's question: {shown}.")
    try:
        review.set_response_themes(response, sorted(wanted), request.user, body.version)
    except review.StaleEdit as stale:
        return _stale(stale)
    return Status(200, _fresh(response))


@router.put(
    "/consultations/{pk}/responses/{response_id}/flag", response={200: ResponseOut, **REFUSALS}
)
def flag_response(request: HttpRequest, pk: int, response_id: int, body: FlagIn) -> Status[Any]:
    """Flag a response for attention, or clear its flag."""
    response = _response(_consultation(request, pk), response_id)
    try:
        review.set_flag(response, body.flagged, request.user, body.version)
    except review.StaleEdit as stale:
        return _stale(stale)
    return Status(200, _fresh(response))


def _fresh(response: Response) -> ResponseOut:
    row = Response.objects.select_related("question").prefetch_related("codings__theme")
    return response_out(row.get(pk=response.pk))
