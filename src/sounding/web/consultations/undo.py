"""Undoing an analyst's change from History, and restoring an analysis a re-run replaced.

Before a change to a question's themes (edit, merge, split, delete, add, re-assign) the
question's themes, codings and response statuses are captured; before a re-run the whole
analysis is. The capture is kept with the change's audit row (`Snapshot`). Undoing puts the
capture back with the same ids, so links and later history still point at the right rows:
it is a restore point, so later changes to the same question are undone with it (the
confirmation page lists them). An undo is itself a recorded change with its own capture, so
it can be undone in turn. A correction of one response's themes, or its flag, is undone
directly from the values before and after that its audit row holds.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from typing import Any

from django.core import serializers
from django.db import transaction
from django.db.models import F, Max, Q, QuerySet

from sounding.web.consultations.audit import record
from sounding.web.consultations.models import (
    Consultation,
    Edit,
    Question,
    Response,
    ResponseTheme,
    Snapshot,
    Theme,
)

BATCH = 500
#: The consultation's fields an analysis sets, restored with it.
ANALYSIS_FIELDS = ("columns", "sheet", "use_llm", "analysis_meta", "analysed_at", "state")


class CannotUndo(Exception):
    """The change cannot be undone (said why, for the page)."""


@dataclass(frozen=True)
class Capture:
    """State as it was just before a change; `keep_for` files it with the change's edit."""

    scope: str
    question_id: int | None
    data: bytes

    def keep_for(self, edit: Edit) -> Snapshot:
        return Snapshot.objects.create(
            edit=edit, scope=self.scope, question_id=self.question_id, data=self.data
        )


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, separators=(",", ":")).encode(), 6)


def _unpack(data: bytes | memoryview) -> Any:
    return json.loads(zlib.decompress(bytes(data)))


def _codings(rows: QuerySet[ResponseTheme]) -> list[list[Any]]:
    return [
        list(row)
        for row in rows.values_list("pk", "response_id", "theme_id", "score", "by_analyst")
    ]


def capture_question(question: Question) -> Capture:
    """The question's themes, codings and response statuses, as they are now."""
    return Capture(
        Snapshot.Scope.QUESTION,
        question.pk,
        _pack(
            {
                "themes": serializers.serialize("json", Theme.objects.filter(question=question)),
                "codings": _codings(ResponseTheme.objects.filter(theme__question=question)),
                "statuses": list(map(list, question.responses.values_list("pk", "status"))),
            }
        ),
    )


def capture_analysis(consultation: Consultation) -> Capture:
    """The whole analysis: questions, themes, responses and codings, and the consultation's
    analysis settings; large, so taken only before a re-run replaces it."""
    return Capture(
        Snapshot.Scope.ANALYSIS,
        None,
        _pack(
            {
                "consultation": serializers.serialize(
                    "json", [consultation], fields=ANALYSIS_FIELDS
                ),
                "questions": serializers.serialize("json", consultation.questions.all()),
                "themes": serializers.serialize(
                    "json", Theme.objects.filter(question__consultation=consultation)
                ),
                "responses": serializers.serialize("json", consultation.responses.all()),
                "codings": _codings(
                    ResponseTheme.objects.filter(response__consultation=consultation)
                ),
            }
        ),
    )


def _objects(serialized: str) -> list[Any]:
    return [item.object for item in serializers.deserialize("json", serialized)]


def _restore_codings(rows: list[list[Any]], responses: set[int]) -> None:
    ResponseTheme.objects.bulk_create(
        [
            ResponseTheme(pk=pk, response_id=r, theme_id=t, score=s, by_analyst=by)
            for pk, r, t, s, by in rows
            if r in responses
        ],
        batch_size=BATCH,
    )


def _restore_question(question: Question, data: Any) -> None:
    themes = _objects(data["themes"])
    top = max(
        [Theme.objects.filter(question=question).aggregate(v=Max("version"))["v"] or 0]
        + [t.version for t in themes]
    )
    Theme.objects.filter(question=question).delete()  # and their codings
    for theme in themes:
        # Newer than any version a page may hold, so an edit from before the undo is stale.
        theme.version = top + 1
    Theme.objects.bulk_create(themes, batch_size=BATCH)
    responses = set(question.responses.values_list("pk", flat=True))
    _restore_codings(data["codings"], responses)
    for status in {s for _, s in data["statuses"]}:
        ids = [pk for pk, s in data["statuses"] if s == status]
        Response.objects.filter(pk__in=ids, question=question).update(status=status)
    question.responses.update(version=F("version") + 1)


def _restore_analysis(consultation: Consultation, data: Any) -> None:
    consultation.questions.all().delete()  # cascades to themes, responses and codings
    (saved,) = _objects(data["consultation"])
    for field in ANALYSIS_FIELDS:
        setattr(consultation, field, getattr(saved, field))
    consultation.save(update_fields=list(ANALYSIS_FIELDS))
    for kind in ("questions", "themes", "responses"):
        rows = _objects(data[kind])
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=BATCH)
    responses = set(consultation.responses.values_list("pk", flat=True))
    _restore_codings(data["codings"], responses)
    consultation.responses.update(version=F("version") + 1)


def _snapshot(edit: Edit) -> Snapshot | None:
    return Snapshot.objects.filter(edit=edit).first()


def _question_of(edit: Edit, snapshot: Snapshot) -> Question | None:
    """The question a question-scope capture was taken of, if it still exists."""
    if snapshot.question_id is None:
        return None
    return Question.objects.filter(
        pk=snapshot.question_id, consultation_id=edit.consultation_id
    ).first()


def later_changes(edit: Edit) -> QuerySet[Edit]:
    """Changes after `edit` that undoing it puts back too: to the same question, or every
    one after a re-run analysis."""
    later = Edit.objects.filter(
        consultation_id=edit.consultation_id, pk__gt=edit.pk, reverted_by=None
    )
    snapshot = _snapshot(edit)
    if snapshot is not None and snapshot.scope == Snapshot.Scope.ANALYSIS:
        return later.exclude(action__in=NOT_ANALYSIS)
    if snapshot is None:
        return later.none()  # a response's correction or flag is undone alone
    question_id = snapshot.question_id
    return later.filter(
        Q(snapshot__question_id=question_id) | Q(response__question_id=question_id)
    ).exclude(action__in=NOT_ANALYSIS)


#: Changes outside the analysis (members, the consultation itself): never undone by a restore.
NOT_ANALYSIS = ("create consultation", "set member", "remove member")


def why_not(edit: Edit) -> str:
    """Why `edit` cannot be undone, or "" when it can."""
    if edit.reverted_by_id is not None:
        return "This change has already been undone."
    snapshot = _snapshot(edit)
    if snapshot is not None:
        if snapshot.scope == Snapshot.Scope.QUESTION and _question_of(edit, snapshot) is None:
            return "The question it changed was replaced by a later analysis."
        return ""
    if edit.action in ("correct themes", "flag", "unflag"):
        if edit.response_id is None:
            return "The response it changed was replaced by a later analysis."
        return ""
    return "This kind of change is not undone from History."


def undo(edit: Edit, user: Any) -> Edit:
    """Put things back as they were before `edit`; returns the undo's own audit row."""
    with transaction.atomic():
        edit = Edit.objects.select_for_update().get(pk=edit.pk)
        if reason := why_not(edit):
            raise CannotUndo(reason)
        snapshot = _snapshot(edit)
        consultation = Consultation.objects.select_for_update().get(pk=edit.consultation_id)
        later = list(later_changes(edit).values_list("pk", flat=True))
        if snapshot is None:
            done = _undo_response_change(edit, user)
        elif snapshot.scope == Snapshot.Scope.ANALYSIS:
            current = capture_analysis(consultation)
            _restore_analysis(consultation, _unpack(snapshot.data))
            done = record(consultation, user, "undo", edit.target, _undone(edit), None)
            current.keep_for(done)
        else:
            question = _question_of(edit, snapshot)
            assert question is not None  # why_not checked it
            current = capture_question(question)
            _restore_question(question, _unpack(snapshot.data))
            done = record(consultation, user, "undo", edit.target, _undone(edit), None)
            current.keep_for(done)
        Edit.objects.filter(pk__in=[edit.pk, *later]).update(reverted_by=done)
    return done


def _undone(edit: Edit) -> dict[str, Any]:
    return {"edit": edit.pk, "action": edit.action, "before": edit.before, "after": edit.after}


def _undo_response_change(edit: Edit, user: Any) -> Edit:
    """Put one response's themes or flag back, if nobody changed them again since."""
    if edit.response_id is None:
        raise CannotUndo("The response it changed was replaced by a later analysis.")
    rows = Response.objects.select_for_update().select_related("question")
    response = rows.get(pk=edit.response_id)
    changed_since = CannotUndo("This response was changed again since; undo that change first.")
    if edit.action in ("flag", "unflag"):
        if response.flagged != (edit.action == "flag"):
            raise changed_since
        Response.objects.filter(pk=response.pk).update(
            flagged=edit.action == "unflag", version=F("version") + 1
        )
    else:
        now = sorted(response.codings.values_list("theme__key", flat=True))
        if now != sorted(theme_keys(edit.after)):
            raise changed_since
        wanted = dict(
            Theme.objects.filter(
                question=response.question, key__in=theme_keys(edit.before)
            ).values_list("pk", "key")
        )
        # The themes put back are the machine's unless an analyst set them before: an undone
        # first correction had left the response marked "(analyst)".
        by_analyst = Edit.objects.filter(
            response=response, action="correct themes", reverted_by__isnull=True, pk__lt=edit.pk
        ).exists()
        response.codings.exclude(theme_id__in=wanted).delete()
        response.codings.update(by_analyst=by_analyst)
        have = set(response.codings.values_list("theme_id", flat=True))
        ResponseTheme.objects.bulk_create(
            [
                ResponseTheme(response=response, theme_id=pk, by_analyst=by_analyst)
                for pk in set(wanted) - have
            ]
        )
        response.recode_status()
        Response.objects.filter(pk=response.pk).update(version=F("version") + 1)
    return record(
        response.consultation, user, "undo", edit.target, _undone(edit), None, response=response
    )


def theme_keys(value: Any) -> list[str]:
    """The theme keys a "correct themes" row holds: a list of keys, or of {key, label}."""
    if not value:
        return []
    return [v["key"] if isinstance(v, dict) else str(v) for v in value]
