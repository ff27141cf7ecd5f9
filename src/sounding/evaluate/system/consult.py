"""A Consult task's data through Consult's pipeline, answered in the task's format.

The payload's responses become a one-question consultation (a response's stance its closed
answer); with themes it is coded deductively against them as `sounding consult --themes`
does, without them themes are discovered. The pipeline is synchronous and may run its own
event loops, so the provider runs it in a worker thread.
"""

from __future__ import annotations

from typing import Any

from sounding.config import Settings
from sounding.consult.codebook import CodebookTheme
from sounding.consult.model import Analysis, Consultation, Question, Response, Stance
from sounding.llm.prompt import StructuredModel
from sounding.safety.injection import INJECTION_FLAG

QUESTION_ID = "q"


def consultation_of(payload: dict[str, Any]) -> Consultation:
    responses = [r for r in payload.get("responses", []) if isinstance(r, dict)]
    with_stance = any(r.get("stance") for r in responses)
    question = Question(
        QUESTION_ID, str(payload.get("question") or ""), "stance" if with_stance else None
    )
    return Consultation(
        questions=[question],
        responses=[
            Response(str(r["id"]), QUESTION_ID, str(r.get("text") or ""), r.get("stance") or None)
            for r in responses
        ],
        source="evaluation",
    )


def codebook_of(payload: dict[str, Any]) -> list[CodebookTheme] | None:
    themes = payload.get("themes")
    if not isinstance(themes, list):
        return None
    return [
        CodebookTheme(
            id=str(t["id"]),
            label=str(t.get("label") or t["id"]),
            question_id=QUESTION_ID,
            description=str(t.get("description") or ""),
            stance=Stance(t["stance"]) if t.get("stance") in tuple(Stance) else Stance.NEUTRAL,
        )
        for t in themes
        if isinstance(t, dict) and t.get("id")
    ]


def analyse_payload(
    payload: dict[str, Any], settings: Settings, model: StructuredModel | None, deductive: bool
) -> Analysis:
    """Consult's pipeline on the payload, as configured (blocking)."""
    from sounding.services.consult import build_pipeline
    from sounding.services.embedding import open_embedder, open_multilingual_embedder

    codebook = codebook_of(payload) if deductive else None
    with (
        open_embedder(settings, shared=True) as embedder,
        open_multilingual_embedder(settings, shared=True) as multilingual,
    ):
        pipeline = build_pipeline(settings, embedder, codebook, model, multilingual)
        return pipeline.run(consultation_of(payload))


def answer_of(analysis: Analysis, shape: str) -> dict[str, Any]:
    """The analysis in the answer format a task asks for: "mapping", "discovery" or
    "summary" (themes with a quote, as a published report shows them)."""
    question = analysis.questions[0]
    assignments = {o.response_id: list(o.theme_ids) for o in question.outcomes}
    if shape == "mapping":
        flagged = [
            o.response_id
            for o in question.outcomes
            if any(f.startswith(INJECTION_FLAG) for f in o.flags)
        ]
        return {"assignments": assignments, "flagged": flagged}
    if shape == "discovery":
        themes = [
            {"id": t.id, "label": t.label, "description": t.description} for t in question.themes
        ]
        return {"themes": themes, "assignments": assignments}
    return {
        "themes": [
            {"label": t.label, "quote": t.quotes[0].text if t.quotes else ""}
            for t in question.themes
        ]
    }


def record_of(analysis: Analysis) -> dict[str, Any]:
    question = analysis.questions[0]
    return {
        "themes": len(question.themes),
        "flagged": sum(bool(o.flags) for o in question.outcomes),
        "notes": list(question.notes),
    }
