"""Uploading the file, confirming its columns, and starting the analysis job."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sounding.errors import InputError, SoundingError
from sounding.files.columns import ColumnOverrides, NoTextColumn, detect_columns
from sounding.files.consultation import build_consultation
from sounding.services.inputs import consultation_from_table
from sounding.web.consultations.access import consultation_view
from sounding.web.consultations.audit import record
from sounding.web.consultations.background.analysis import ANALYSE
from sounding.web.consultations.background.analysts_work import KEEP, corrected_ids
from sounding.web.consultations.files.columns import ROLES, chosen_overrides, plan_overrides
from sounding.web.consultations.files.uploads import read_checked, save_upload, upload_path
from sounding.web.consultations.forms import ColumnsForm, UploadForm
from sounding.web.consultations.models import Consultation, Membership, Role
from sounding.web.jobs import queue
from sounding.web.runtime import sounding_settings

#: A word of two letters or more: what a column of answers has and a column of ids does not.
_WORD = re.compile(r"[^\W\d_]{2,}")


def _busy(consultation: Consultation) -> bool:
    return queue.jobs_of(consultation).filter(state__in=["queued", "running"]).exists()


@consultation_view(Role.ANALYST, while_analysing=True)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        if _busy(consultation):
            error = "An analysis is running; wait for it to finish before uploading again."
        else:
            try:
                table = save_upload(consultation, form.cleaned_data["file"])
                # Fail here, with the reason, if nothing fits; when only the column of
                # answers is unclear, the columns page asks which it is.
                with contextlib.suppress(NoTextColumn):
                    detect_columns(table)
            except SoundingError as exc:
                error = f"{exc.message} {exc.hint}".strip()
            else:
                with transaction.atomic():
                    consultation.columns = {}  # detect, until the analyst confirms
                    consultation.sheet = ""
                    consultation.state = Consultation.State.UPLOADED
                    consultation.save()
                    record(consultation, member.user, "upload file", form.cleaned_data["file"].name)
                return redirect("consultations:columns", pk=consultation.pk)
    return render(
        request,
        "consultations/upload.html",
        {"consultation": consultation, "member": member, "form": form, "error": error},
    )


@consultation_view(Role.ANALYST, while_analysing=True)
@require_http_methods(["GET", "POST"])
def columns(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    """Show each column's detected role and reason; on confirmation, queue the analysis."""
    if not consultation.upload_file:
        return redirect("consultations:upload", pk=consultation.pk)
    error = None
    try:
        table = read_checked(
            upload_path(consultation), consultation.sheet or None, consultation.upload_name
        )
        overrides = ColumnOverrides.from_dict(consultation.columns)
        try:
            plan, guessed = detect_columns(table, overrides), False
        except NoTextColumn:
            # A starting point for the analyst: the column of the longest answers as text,
            # among those with words in them. A file of ids alone has none to offer: its
            # numbers had been guessed as the text, analysed, and counted as nothing.
            worded = [c for c in table.columns if any(_WORD.search(v) for v in table.values(c))]
            if not worded:
                raise
            longest = max(
                worded,
                key=lambda c: sum(len(v) for v in table.values(c)) / max(len(table.rows), 1),
            )
            plan, guessed = detect_columns(table, ColumnOverrides(open_columns=[longest])), True
            # Nobody chose it: say what it is, not "set in overrides".
            plan.reasons[longest] = "a guess: its answers are the longest; check it is the text"
    except SoundingError as exc:
        return render(
            request,
            "consultations/upload.html",
            {
                "consultation": consultation,
                "member": member,
                "form": UploadForm(),
                "error": f"{exc.message} {exc.hint}".strip(),
            },
        )
    configured = sounding_settings().llm
    llm = configured is not None and not configured.missing  # offered only when it can run
    wide = plan.shape == "wide"
    roles = {c: plan.role(c) if plan.role(c) in ROLES else "ignored" for c in plan.columns}
    rerun = consultation.questions.exists()
    may_run = not rerun or member.allows(Role.ADMIN)
    form = ColumnsForm(request.POST or None, columns=roles if wide else {}, llm=llm, rerun=rerun)
    if request.method == "POST" and not may_run:
        raise PermissionDenied("Only an admin can re-run the analysis.")
    if request.method == "POST" and form.is_valid():
        try:
            chosen = chosen_overrides(plan, form.roles()) if wide else plan_overrides(plan)
            source, _ = consultation_from_table(table, ColumnOverrides.from_dict(chosen))
            if not source.responses:
                raise InputError("No responses were found with these columns.")
            if rerun and form.cleaned_data.get("previous") == KEEP:
                _check_same_ids(consultation, chosen)
        except SoundingError as exc:
            error = f"{exc.message} {exc.hint}".strip()
        else:
            if _busy(consultation):
                messages.info(request, "An analysis is already running.")
                return redirect("consultations:detail", pk=consultation.pk)
            with transaction.atomic():
                consultation.columns = chosen
                consultation.use_llm = bool(form.cleaned_data.get("use_llm"))
                consultation.state = Consultation.State.ANALYSING
                consultation.save()
                previous = form.cleaned_data.get("previous")
                edit = None
                if previous:
                    edit = record(
                        consultation,
                        member.user,
                        "re-run analysis",
                        consultation.name,
                        {"questions": consultation.questions.count()},
                        {"previous": previous},
                    )
                else:
                    record(
                        consultation,
                        member.user,
                        "start analysis",
                        consultation.name,
                        None,
                        {"responses": len(source.responses)},
                    )
                queue.enqueue(
                    ANALYSE, consultation, previous=previous, edit_id=edit.pk if edit else None
                )
            messages.success(request, "The analysis has been queued.")
            return redirect("consultations:detail", pk=consultation.pk)
    source_preview = None
    try:
        source_preview = build_consultation(table, plan)
    except SoundingError as exc:
        error = error or f"{exc.message} {exc.hint}".strip()
    return render(
        request,
        "consultations/columns.html",
        {
            "consultation": consultation,
            "member": member,
            "plan": plan,
            "wide": wide,
            "form": form,
            "rows": _rows(plan, form),
            "error": error,
            "preview": source_preview,
            "llm": llm,
            "rerun": rerun,
            "guessed": guessed,
            "may_run": may_run,
        },
    )


def _rows(plan, form: ColumnsForm) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """One row per column for the template: name, detected role, reason, and its field."""
    fields = {f.label: f for f in form if f.name.startswith("role_")}
    return [
        {
            "column": c,
            "role": plan.role(c),
            "reason": plan.reasons.get(c, ""),
            "field": fields.get(c),
        }
        for c in plan.columns
    ]


def _check_same_ids(consultation: Consultation, chosen: dict[str, Any]) -> None:
    """Refuse to keep the analysts' work under another id column: their corrections are
    found again by respondent id, and a re-run with UserID for UserNo had dropped them
    without a word."""
    before = (consultation.columns or {}).get("id_column", "")
    after = chosen.get("id_column", "")
    # The work a keep re-run carries over (`analysts_work.kept_corrections`), however made.
    if before == after or not any(corrected_ids(q) for q in consultation.questions.all()):
        return
    was = f"'{before}'" if before else "row numbers"
    now = f"'{after}'" if after else "row numbers"
    raise InputError(
        f"Analysts' corrections are found again by respondent id: with {now} as the id "
        f"instead of {was}, they would be lost.",
        "Keep the id column as it was, or re-run from scratch (the current analysis can be "
        "restored from History).",
    )
