"""Reviewing a question's themes: counts, stance and quotes; edit, merge, delete, add."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sounding.web.consultations import review
from sounding.web.consultations.access import can_edit, consultation_view
from sounding.web.consultations.background.reassign import REASSIGN
from sounding.web.consultations.forms import (
    MergeForm,
    SplitForm,
    ThemeEditForm,
    ThemeForm,
    VersionForm,
)
from sounding.web.consultations.models import (
    Consultation,
    Membership,
    Question,
    Response,
    Role,
    Stance,
    Theme,
)
from sounding.web.consultations.queries import keywords, search
from sounding.web.consultations.queries.stats import (
    COUNTS_MEANING,
    cached_counts,
    cached_has_stance,
    cached_theme_counts,
    theme_counts,
)
from sounding.web.converters import as_id
from sounding.web.htmx import is_htmx, refresh_page
from sounding.web.jobs import queue
from sounding.web.jobs.models import Job


def _question(consultation: Consultation, question_id: int) -> Question:
    return get_object_or_404(Question, pk=question_id, consultation=consultation)


#: Said when a form is sent for a theme deleted since its page was opened.
THEME_GONE = (
    "That theme was deleted after this page was opened (by someone else, or in another tab), "
    "so nothing was saved to it. The themes are shown as they are now."
)


def _theme(request: HttpRequest, consultation: Consultation, theme_id: int) -> Theme | HttpResponse:
    """The theme, or where a form is sent for one deleted since, a response saying so: the
    whole page reloaded for htmx, else the consultation's page. A 404 (as it was) had left
    an inline edit open with no word, the analyst's change silently lost."""
    theme = (
        Theme.objects.select_related("question")
        .filter(pk=theme_id, question__consultation=consultation)
        .first()
    )
    if theme is not None:
        return theme
    if request.method != "POST":
        raise Http404("No such theme in this consultation.")
    messages.error(request, THEME_GONE)
    return (
        refresh_page() if is_htmx(request) else redirect("consultations:detail", pk=consultation.pk)
    )


def _stale(theme: Theme, action: Callable[[], object]) -> str | None:
    """Run a review action that carries the version the analyst saw. If the theme changed
    since, nothing is overwritten: the theme is reloaded (so the form can offer its current
    version) and the reason is returned, for the page to show with status 409."""
    try:
        action()
    except review.StaleEdit as stale:
        theme.refresh_from_db()
        return str(stale)
    return None


def _form_page(
    request: HttpRequest, template: str, context: dict[str, object], error: str | None
) -> HttpResponse:
    """A theme form's page; 409 when the edit was refused as stale."""
    return render(request, template, {**context, "error": error}, status=409 if error else 200)


@consultation_view(Role.VIEWER)
def question_themes(
    request: HttpRequest, consultation: Consultation, member: Membership, question_id: int
) -> HttpResponse:
    return _render_themes(request, consultation, member, _question(consultation, question_id))


def _render_themes(
    request: HttpRequest,
    consultation: Consultation,
    member: Membership,
    question: Question,
    merge_form: MergeForm | None = None,
    add_form: ThemeForm | None = None,
) -> HttpResponse:
    themes = cached_theme_counts(question)
    shown = cached_counts(question)
    total = shown.counted
    for theme in themes:
        theme.share = theme.count / total if total else 0.0
    reassign = _reassign_job(consultation, question)
    return render(
        request,
        "consultations/themes.html",
        {
            "consultation": consultation,
            "member": member,
            "can_edit": can_edit(member),
            "question": question,
            "questions": consultation.questions.all(),
            "themes": themes,
            "has_stance": cached_has_stance(question),
            "total": total,
            "counts": shown,
            "counts_meaning": COUNTS_MEANING,
            "merge_form": merge_form or _merge_form(question),
            "add_form": add_form
            or ThemeForm(
                has_stance=cached_has_stance(question), taken=review.other_labels(question)
            ),
            "reassign": reassign,
            "refresh": reassign is not None and reassign.active,
        },
    )


def _counted(question: Question) -> int:
    return cached_counts(question).counted


def _merge_form(question: Question) -> MergeForm:
    """An empty merge form that remembers the versions of the themes as shown now."""
    seen = ",".join(
        f"{pk}:{version}" for pk, version in question.themes.values_list("pk", "version")
    )
    return MergeForm(themes=question.themes.order_by("label"), initial={"seen": seen})


def _reassign_job(consultation: Consultation, question: Question) -> Job | None:
    """The latest re-assign job of this question, if any."""
    jobs = queue.jobs_of(consultation).filter(kind=REASSIGN, payload__question_id=question.pk)
    return jobs.order_by("-created_at", "-id").first()


@consultation_view(Role.VIEWER)
@require_GET
def reassign_progress(
    request: HttpRequest, consultation: Consultation, member: Membership, question_id: int
) -> HttpResponse:
    """The re-assign job's progress for htmx to poll; once it has ended, reload the page."""
    question = _question(consultation, question_id)
    if not is_htmx(request):
        return redirect("consultations:themes", pk=consultation.pk, question_id=question.pk)
    reassign = _reassign_job(consultation, question)
    if reassign is None or not reassign.active:
        return refresh_page()
    response = render(request, "consultations/_reassign.html", {"reassign": reassign})
    patch_vary_headers(response, ["HX-Request"])
    return response


@consultation_view(Role.ANALYST)
@require_POST
def question_reassign(
    request: HttpRequest, consultation: Consultation, member: Membership, question_id: int
) -> HttpResponse:
    """Queue a job re-coding the question's responses against its current themes."""
    question = _question(consultation, question_id)
    running = _reassign_job(consultation, question)
    if consultation.state != Consultation.State.READY:
        messages.error(request, "Responses can be re-assigned once the analysis has finished.")
    elif running is not None and running.active:
        messages.info(request, "Responses are already being re-assigned.")
    else:
        queue.enqueue(REASSIGN, consultation, question_id=question.pk, user_id=request.user.pk)
        messages.success(
            request,
            "Re-assigning responses to the current themes. Analysts' corrections are kept; "
            "the new coding appears here when it is complete.",
        )
    return redirect("consultations:themes", pk=consultation.pk, question_id=question.pk)


@consultation_view(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def theme_edit(
    request: HttpRequest, consultation: Consultation, member: Membership, theme_id: int
) -> HttpResponse:
    """Rename, describe or re-stance a theme: its own page, or its row in place (htmx).

    Either way the form carries the version the analyst saw: a theme changed since is not
    overwritten (409, with the theme as it is now)."""
    theme = _theme(request, consultation, theme_id)
    if isinstance(theme, HttpResponse):
        return theme
    initial = {f: getattr(theme, f) for f in ("label", "description", "stance", "version")}
    stanced = _offers_stance(theme)
    taken = review.other_labels(theme.question, but=theme)
    htmx = is_htmx(request)
    # In place, the form shares the page with the add-a-theme form: its fields need ids of
    # their own, or that form's "Label" named this one's field.
    ids = f"id_theme{theme.pk}_%s" if htmx else "id_%s"
    form = ThemeEditForm(
        request.POST or None, initial=initial, has_stance=stanced, taken=taken, auto_id=ids
    )
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        error = _stale(
            theme,
            lambda: review.edit_theme(
                theme,
                data["version"],
                request.user,
                data["label"],
                data["description"],
                data.get("stance", theme.stance),
            ),
        )
        if error:
            # The analyst's words stay in the form, now at the current version, beside the
            # theme as it is now: saving again is a choice made knowing both.
            form = ThemeEditForm(
                initial={**data, "version": theme.version},
                has_stance=stanced,
                taken=taken,
                auto_id=ids,
            )
        else:
            messages.success(request, f"Theme “{data['label']}” saved.")
            if htmx:
                return _saved_row(request, consultation, member, theme)
            return redirect(
                "consultations:themes", pk=consultation.pk, question_id=theme.question_id
            )
    response = _form_page(
        request,
        "consultations/_theme_edit_row.html" if htmx else "consultations/theme_edit.html",
        {
            "consultation": consultation,
            "member": member,
            "theme": theme,
            "form": form,
            "current": theme,
        },
        error,
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _offers_stance(theme: Theme) -> bool:
    """Whether a theme's forms offer a stance: where its question's responses have one, or
    the theme already has a side that the analyst may want to take back."""
    return theme.stance != Stance.NEUTRAL or cached_has_stance(theme.question)


def _saved_row(
    request: HttpRequest, consultation: Consultation, member: Membership, theme: Theme
) -> HttpResponse:
    """The edited theme's row for htmx, with the merge form (new versions) out of band."""
    question = theme.question
    row = theme_counts(question).get(pk=theme.pk)
    total = _counted(question)
    row.share = row.count / total if total else 0.0
    response = render(
        request,
        "consultations/_theme_saved.html",
        {
            "consultation": consultation,
            "member": member,
            "can_edit": True,
            "question": question,
            "theme": row,
            "has_stance": cached_has_stance(question),
            "merge_form": _merge_form(question),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@consultation_view(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def theme_delete(
    request: HttpRequest, consultation: Consultation, member: Membership, theme_id: int
) -> HttpResponse:
    theme = _theme(request, consultation, theme_id)
    if isinstance(theme, HttpResponse):
        return theme
    form = VersionForm(request.POST or None, initial={"version": theme.version})
    error = None
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        error = _stale(theme, lambda: review.delete_theme(theme, version, request.user))
        if error:
            form = VersionForm(initial={"version": theme.version})
        else:
            messages.success(request, f"Theme “{theme.label}” deleted.")
            return redirect(
                "consultations:themes", pk=consultation.pk, question_id=theme.question_id
            )
    return _form_page(
        request,
        "consultations/theme_delete.html",
        {
            "consultation": consultation,
            "member": member,
            "theme": theme,
            "form": form,
            "responses": theme.codings.count(),
        },
        error,
    )


@consultation_view(Role.ANALYST)
@require_POST
def theme_merge(
    request: HttpRequest, consultation: Consultation, member: Membership, question_id: int
) -> HttpResponse:
    question = _question(consultation, question_id)
    form = MergeForm(request.POST, themes=question.themes.all())
    if form.is_valid():
        keep, absorb = form.cleaned_data["keep"], form.cleaned_data["absorb"]
        if not form.cleaned_data["confirmed"]:
            kept, absorbed = keep.codings.count(), absorb.codings.count()
            # Responses with both themes keep one: History's "(8 responses moved)" beside
            # this page's "The 13 responses… move" had read as a discrepancy.
            both = absorb.codings.filter(response__codings__theme=keep).count()
            return render(
                request,
                "consultations/merge_confirm.html",
                {
                    "consultation": consultation,
                    "member": member,
                    "question": question,
                    "keep": keep,
                    "absorb": absorb,
                    "keep_count": kept,
                    "absorb_count": absorbed,
                    "both_count": both,
                    "after_count": kept + absorbed - both,
                    "seen": form.cleaned_data["seen"],
                },
            )
        try:
            review.merge_themes(
                keep, form.seen_version(keep), absorb, form.seen_version(absorb), request.user
            )
        except review.StaleEdit as stale:
            messages.error(request, str(stale))
        else:
            messages.success(request, f"Merged “{absorb.label}” into “{keep.label}”.")
        return redirect("consultations:themes", pk=consultation.pk, question_id=question.pk)
    return _render_themes(request, consultation, member, question, merge_form=form)


@consultation_view(Role.ANALYST)
@require_POST
def theme_add(
    request: HttpRequest, consultation: Consultation, member: Membership, question_id: int
) -> HttpResponse:
    question = _question(consultation, question_id)
    form = ThemeForm(
        request.POST, has_stance=cached_has_stance(question), taken=review.other_labels(question)
    )
    if form.is_valid():
        data = form.cleaned_data
        stance = data.get("stance", Stance.NEUTRAL)
        theme = review.add_theme(question, request.user, data["label"], data["description"], stance)
        messages.success(request, f"Theme “{theme.label}” added.")
        return redirect("consultations:themes", pk=consultation.pk, question_id=question.pk)
    return _render_themes(request, consultation, member, question, add_form=form)


@consultation_view(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def theme_split(
    request: HttpRequest, consultation: Consultation, member: Membership, theme_id: int
) -> HttpResponse:
    """Move some of a theme's responses to a new theme. However large the theme, the page
    shows a selection of it, a page at a time: by keyword, or the responses most like a
    seed response. The analyst moves the ticked ones, or the whole selection."""
    theme = _theme(request, consultation, theme_id)
    if isinstance(theme, HttpResponse):
        return theme
    members = Response.objects.filter(codings__theme=theme).order_by("position", "pk")
    chosen = _selection_params(request.POST if request.method == "POST" else request.GET)
    selection, seed = _split_selection(theme, members, chosen)
    initial = {"version": theme.version, "stance": theme.stance}
    stanced = _offers_stance(theme)
    taken = review.other_labels(theme.question)
    form = SplitForm(
        request.POST or None,
        responses=members,
        initial=initial,
        has_stance=stanced,
        taken=taken,
    )
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moving = (
            [pk for pk, _ in selection]
            if data["move"] == "all"
            else [r.pk for r in data["responses"]]
        )
        error = _stale(
            theme,
            lambda: review.split_theme(
                theme,
                data["version"],
                request.user,
                moving,
                data["label"],
                data["description"],
                data.get("stance", theme.stance),
            ),
        )
        if error:
            # As for an edit: what the analyst wrote and ticked stays, at the current version.
            kept = {k: data.get(k) for k in ("label", "description", "stance", "move")}
            ticked = [r.pk for r in data["responses"]]
            form = SplitForm(
                responses=members,
                initial={**kept, "responses": ticked, "version": theme.version},
                has_stance=stanced,
                taken=taken,
            )
        else:
            messages.success(
                request, f"Moved {len(moving)} responses from “{theme.label}” to “{data['label']}”."
            )
            return redirect(
                "consultations:themes", pk=consultation.pk, question_id=theme.question_id
            )
    page = Paginator(search.Ranked.of(selection), SPLIT_PAGE).get_page(request.GET.get("page"))
    return _form_page(
        request,
        "consultations/theme_split.html",
        {
            "consultation": consultation,
            "member": member,
            "theme": theme,
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
            "ellipsis": page.paginator.ELLIPSIS,
            "query": urlencode({k: v for k, v in chosen.items() if v}),
            "chosen": chosen,
            "seed": seed,
            "members": members.count(),
            # What was ticked stays ticked when the form comes back, refused for a missing
            # label or a stale version alike (it had come back with every box cleared).
            "ticked": {
                pk for v in request.POST.getlist("responses") if (pk := as_id(v)) is not None
            },
        },
        error,
    )


#: Responses shown (with a tick box each) per page of a split's selection.
SPLIT_PAGE = 50


def _selection_params(source: Any) -> dict[str, str]:
    """The split page's selection: keyword `q`, seed response `like`, and how many of the
    most similar to take, `top`."""
    top = source.get("top", "")
    return {
        "q": (source.get("q") or "").strip()[:200],
        "like": str(like) if (like := as_id(source.get("like"))) is not None else "",
        "top": top if (n := as_id(top)) is not None and 0 < n <= 100_000 else "",
    }


def _split_selection(
    theme: Theme, members: QuerySet[Response], chosen: dict[str, str]
) -> tuple[list[tuple[int, float | None]], Response | None]:
    """(response id, similarity to the seed or None) of the selected members, and the seed."""
    rows = keywords.matching(members, chosen["q"]) if chosen["q"] else members
    seed = members.filter(pk=int(chosen["like"])).first() if chosen["like"] else None
    if seed is None:
        return [(pk, None) for pk in rows.values_list("pk", flat=True)], None
    top = int(chosen["top"] or SPLIT_PAGE)
    try:
        return list(search.similar_to(seed, rows, top)), seed
    except search.SearchUnavailable:
        return [(pk, None) for pk in rows.values_list("pk", flat=True)], None
