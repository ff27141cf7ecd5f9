"""Store a finished `Analysis` in the database, replacing any earlier one.

Called inside the transaction that also marks the job done, so an analysis appears whole
or not at all, and a rerun (after a worker restart) replaces rather than duplicates it.

Responses are written a chunk at a time with their codings (the ids come back from the
insert), so memory stays bounded and the work linear however many responses there are.
What the pages would otherwise read every response for (the closed answers to filter on)
is noted once here, in `analysis_meta`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sounding.consult import model
from sounding.web.consultations.models import (
    Consultation,
    Question,
    Response,
    ResponseTheme,
    Theme,
)

BATCH = 500
#: Responses built and written at a time, with their codings.
CHUNK = 5000
#: Distinct closed answers kept per question for the filter menu.
MOST_CLOSED_ANSWERS = 50


def store_analysis(
    consultation: Consultation, source: model.Consultation, analysis: model.Analysis
) -> None:
    """Replace the consultation's questions, themes, responses and codings with `analysis`."""
    consultation.questions.all().delete()  # cascades to themes, responses and codings
    inputs = {(r.question_id, r.id): r for r in source.responses}
    closed: dict[str, list[str]] = {}
    for position, qa in enumerate(analysis.questions):
        question = Question.objects.create(
            consultation=consultation,
            key=qa.question.id,
            text=qa.question.text,
            stance_column=qa.question.stance_column or "",
            position=position,
            campaigns=[asdict(c) for c in qa.campaigns],
        )
        themes = _store_themes(question, qa.themes)
        closed[question.key] = _store_responses(consultation, question, qa, inputs, themes)
    consultation.analysis_meta = {
        **_meta(analysis),
        "metadata_values": _values(source),
        "closed_answers": closed,
    }


def _store_themes(question: Question, themes: list[model.Theme]) -> dict[str, Theme]:
    rows = [
        Theme(
            question=question,
            key=t.id,
            label=t.label,
            description=t.description,
            stance=str(t.stance),
            quotes=[{"response_id": q.response_id, "text": q.text} for q in t.quotes],
            extra=_theme_extra(t),
            position=i,
        )
        for i, t in enumerate(themes)
    ]
    Theme.objects.bulk_create(rows, batch_size=BATCH)
    return {t.key: t for t in Theme.objects.filter(question=question)}


def _theme_extra(theme: model.Theme) -> dict[str, Any]:
    """Text fields the core may add to a theme (e.g. an LLM summary), kept for exports."""
    known = {"id", "question_id", "label", "description", "stance", "count", "share", "quotes"}
    return {
        k: v
        for k, v in vars(theme).items()
        if k not in known and isinstance(v, str | int | float | bool | None)
    }


def _store_responses(
    consultation: Consultation,
    question: Question,
    qa: model.QuestionAnalysis,
    inputs: dict[tuple[str, str], model.Response],
    themes: dict[str, Theme],
) -> list[str]:
    """Store the question's responses and codings; return its distinct closed answers (at
    most MOST_CLOSED_ANSWERS, sorted)."""
    scores = {(a.response_id, a.theme_id): a.score for a in qa.assignments}
    closed: set[str] = set()
    for start in range(0, len(qa.outcomes), CHUNK):
        outcomes = qa.outcomes[start : start + CHUNK]
        rows = []
        for position, o in enumerate(outcomes, start):
            given = inputs.get((question.key, o.response_id))
            row = _response(consultation, question, position, o, given)
            if row.closed_answer and len(closed) < MOST_CLOSED_ANSWERS:
                closed.add(row.closed_answer)
            rows.append(row)
        Response.objects.bulk_create(rows, batch_size=BATCH)
        ids = [row.pk for row in rows]
        if None in ids:  # a database that does not return the new ids: ask for them
            found = dict(
                Response.objects.filter(
                    question=question, position__gte=start, position__lt=start + len(rows)
                ).values_list("position", "id")
            )
            ids = [found[position] for position in range(start, start + len(rows))]
        codings = [
            ResponseTheme(
                response_id=response_id,
                theme=themes[key],
                score=scores.get((o.response_id, key)),
            )
            for response_id, o in zip(ids, outcomes, strict=True)
            for key in dict.fromkeys(o.theme_ids)
            if key in themes
        ]
        ResponseTheme.objects.bulk_create(codings, batch_size=BATCH)
    return sorted(closed)


def _response(
    consultation: Consultation,
    question: Question,
    position: int,
    o: model.Outcome,
    given: model.Response | None,
) -> Response:
    return Response(
        consultation=consultation,
        question=question,
        respondent_id=o.response_id,
        position=position,
        text=o.text or (given.text if given else ""),
        status=str(o.status),
        stance=str(o.stance) if o.stance else "",
        closed_answer=(given.closed_answer or "") if given else "",
        metadata=dict(given.metadata) if given else {},
        duplicate_of=o.duplicate_of or "",
        campaign_id=o.campaign_id or "",
        reason=o.reason or "",
        chunks=o.chunks,
        language=o.language or "",
        evidence_rich=o.evidence_rich,
        flags=list(o.flags),
    )


def _values(source: model.Consultation, most: int = 50) -> dict[str, list[str]]:
    """Each respondent attribute's values (at most `most`), for the filter menus."""
    seen: dict[str, set[str]] = {c: set() for c in source.metadata_columns}
    for response in source.responses:
        for column, value in response.metadata.items():
            if column in seen and value and len(seen[column]) < most:
                seen[column].add(value)
    return {c: sorted(v) for c, v in seen.items()}


def _meta(analysis: model.Analysis) -> dict[str, Any]:
    return {
        "source": analysis.source,
        "metadata_columns": list(analysis.metadata_columns),
        "rejections": [asdict(r) for r in analysis.rejections],
        "settings": analysis.settings,
        "versions": analysis.versions,
        "timings": analysis.timings,
        "links": [asdict(x) for x in getattr(analysis, "links", [])],
        "input_notes": list(analysis.input_notes),
        "answer_counts": getattr(analysis, "answer_counts", {}),
        "tick_counts": getattr(analysis, "tick_counts", {}),
        # What the analysis noticed, for the analyst: the themes pages and exports show it.
        "notes": list(analysis.notes),
        "question_notes": {qa.question.id: list(qa.notes) for qa in analysis.questions if qa.notes},
        "multilingual_questions": [qa.question.id for qa in analysis.questions if qa.multilingual],
        # The languages answers were told apart into (empty where only one was expected).
        "languages": sorted(
            {o.language for q in analysis.questions for o in q.outcomes if o.language}
        ),
    }
