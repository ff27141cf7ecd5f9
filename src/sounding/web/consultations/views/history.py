"""The audit trail of a consultation, newest first, in sentences; and undoing a change."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from sounding.web.consultations import undo
from sounding.web.consultations.access import consultation_view
from sounding.web.consultations.history_text import sentences
from sounding.web.consultations.models import Consultation, Edit, Membership, Role, Snapshot


def _may_undo(member: Membership, scope: str | None) -> bool:
    """Analysts undo changes to themes and responses; restoring a whole analysis is an
    admin's decision, as re-running it is."""
    return member.allows(Role.ADMIN if scope == Snapshot.Scope.ANALYSIS else Role.ANALYST)


def _scope(edit: Edit) -> str | None:
    return Snapshot.objects.filter(edit=edit).values_list("scope", flat=True).first()


@consultation_view(Role.VIEWER)
def history(request: HttpRequest, consultation: Consultation, member: Membership) -> HttpResponse:
    edits = consultation.edits.select_related("user", "reverted_by")
    page = Paginator(edits, 100).get_page(request.GET.get("page"))
    scopes = dict(Snapshot.objects.filter(edit__in=list(page)).values_list("edit_id", "scope"))
    directly = ("correct themes", "flag", "unflag")  # undone from the audit row itself
    rows = [
        (
            edit,
            text,
            edit.reverted_by_id is None
            and (edit.pk in scopes or (edit.action in directly and edit.response_id is not None))
            and _may_undo(member, scopes.get(edit.pk)),
        )
        for edit, text in sentences(page, consultation)
    ]
    return render(
        request,
        "consultations/history.html",
        {
            "consultation": consultation,
            "member": member,
            "page": page,
            "rows": rows,
            "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
            "ellipsis": page.paginator.ELLIPSIS,
        },
    )


@consultation_view(Role.ANALYST)
@require_http_methods(["GET", "POST"])
def history_undo(
    request: HttpRequest, consultation: Consultation, member: Membership, edit_id: int
) -> HttpResponse:
    """Confirm, then undo: the page says what will be put back, including later changes."""
    edit = get_object_or_404(Edit, pk=edit_id, consultation=consultation)
    if not _may_undo(member, _scope(edit)):
        messages.error(request, "Only an admin can restore an earlier analysis.")
        return redirect("consultations:history", pk=consultation.pk)
    reason = undo.why_not(edit)
    if request.method == "POST" and not reason:
        try:
            done = undo.undo(edit, member.user)
        except undo.CannotUndo as refused:
            reason = str(refused)
        else:
            # Only an undo of themes keeps what it replaced; a response's change is made
            # again by hand (the page had promised an undo it did not offer).
            again = (
                "; to put the change back, make it again"
                if undo.why_not(done)
                else ", and can be undone"
            )
            messages.success(request, f"Undone. The undo is in the history too{again}.")
            return redirect("consultations:history", pk=consultation.pk)
    later = undo.later_changes(edit).select_related("user")
    ((_, text),) = sentences([edit], consultation)
    return render(
        request,
        "consultations/undo.html",
        {
            "consultation": consultation,
            "member": member,
            "edit": edit,
            "text": text,
            "later": sentences(later, consultation),
            "reason": reason,
        },
        status=409 if reason and request.method == "POST" else 200,
    )
