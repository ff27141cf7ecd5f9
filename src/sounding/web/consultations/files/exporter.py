"""Rebuild an `Analysis` from the database, analysts' corrections included, for the
export service to render: counts, shares, statuses and breakdowns are counted again by the
core's own counting, as edits may have changed them."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sounding.consult import model
from sounding.consult.tabulate import coded_status, count_themes, tabulate
from sounding.services.export import CONTENT_TYPES, export
from sounding.web.consultations.models import Consultation, Question, ResponseTheme

#: What may be downloaded, with its content type.
DOWNLOADS = CONTENT_TYPES
ANALYST_FLAG = "flagged by an analyst"


def current_analysis(consultation: Consultation) -> model.Analysis:
    """The analysis as it stands now: themes as edited, responses as corrected."""
    meta = consultation.analysis_meta or {}
    dimensions = list(meta.get("metadata_columns", []))
    questions = [
        _question(q, dimensions) for q in consultation.questions.all().order_by("position")
    ]
    analysis = model.Analysis(
        source=meta.get("source", consultation.upload_name),
        questions=questions,
        metadata_columns=dimensions,
        rejections=[model.Rejection(**r) for r in meta.get("rejections", [])],
        settings={**meta.get("settings", {}), "edited_in_web_app": True},
        versions=meta.get("versions", {}),
        timings=meta.get("timings", {}),
        input_notes=list(meta.get("input_notes", [])),
        notes=list(meta.get("notes", [])),
        answer_counts=dict(meta.get("answer_counts", {})),
        tick_counts=dict(meta.get("tick_counts", {})),
    )
    _restore_links(analysis, meta.get("links", []))
    return analysis


def _restore_links(analysis: model.Analysis, links: list[dict[str, Any]]) -> None:
    """Cross-question links, where this version of the core has them."""
    link_type, theme_type = getattr(model, "ThemeLink", None), getattr(model, "LinkedTheme", None)
    if links and link_type and theme_type and hasattr(analysis, "links"):
        analysis.links = [
            link_type(**{**x, "themes": [theme_type(**t) for t in x["themes"]]}) for x in links
        ]


def _question(q: Question, dimensions: list[str]) -> model.QuestionAnalysis:
    theme_rows = list(q.themes.all())
    keys = {t.pk: t.key for t in theme_rows}
    codings: dict[int, list[tuple[str, float | None]]] = defaultdict(list)
    for response_id, theme_id, score in ResponseTheme.objects.filter(theme__question=q).values_list(
        "response_id", "theme_id", "score"
    ):
        codings[response_id].append((keys[theme_id], score))

    outcomes: list[model.Outcome] = []
    assignments: list[model.Assignment] = []
    metadata: dict[str, dict[str, str]] = {}
    for r in q.responses.all().order_by("position"):
        themes = codings.get(r.pk, [])
        theme_ids = [key for key, _ in themes]
        flags = list(r.flags) + ([ANALYST_FLAG] if r.flagged else [])
        outcomes.append(
            model.Outcome(
                response_id=r.respondent_id,
                question_id=q.key,
                status=coded_status(model.Status(r.status), theme_ids),
                stance=model.Stance(r.stance) if r.stance else None,
                duplicate_of=r.duplicate_of or None,
                campaign_id=r.campaign_id or None,
                reason=r.reason or None,
                theme_ids=theme_ids,
                chunks=r.chunks,
                evidence_rich=r.evidence_rich,
                flags=flags,
                text=r.text,
                language=r.language or None,
            )
        )
        assignments += [
            model.Assignment(r.respondent_id, q.key, key, 1.0 if score is None else score)
            for key, score in themes
        ]
        metadata[r.respondent_id] = {k: str(v) for k, v in (r.metadata or {}).items()}

    themes_out = [
        model.Theme(
            id=t.key,
            question_id=q.key,
            label=t.label,
            description=t.description,
            stance=model.Stance(t.stance),
            quotes=[model.Quote(x["response_id"], x["text"]) for x in t.quotes],
            **{**t.extra, "tone": model.Tone(t.extra["tone"]) if t.extra.get("tone") else None},
        )
        for t in theme_rows
    ]
    return model.QuestionAnalysis(
        question=model.Question(q.key, q.text, q.stance_column or None),
        themes=count_themes(themes_out, outcomes),
        assignments=assignments,
        campaigns=[model.Campaign(**c) for c in q.campaigns],
        outcomes=outcomes,
        breakdown=tabulate(q.key, outcomes, metadata, dimensions),
        notes=q.notes,
        multilingual=q.key
        in (q.consultation.analysis_meta or {}).get("multilingual_questions", []),
    )


def export_file(consultation: Consultation, name: str) -> bytes:
    """One output file of the current analysis, as bytes (`name` from DOWNLOADS)."""
    if name not in DOWNLOADS:
        raise KeyError(name)
    return export(current_analysis(consultation), name, title=consultation.name)
