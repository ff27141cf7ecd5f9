"""Re-code a question's responses against its current, edited themes (deductive mode).

After analysts rename, describe, merge, split, delete or add themes, the machine's codings
still reflect the themes the analysis discovered. This job turns the question's current
themes into a codebook (id, label, description, stance, and the responses each holds now)
and analyses the question's responses, as stored, through the Consult service's deductive
path (the command line's `--themes`). Answers are compared with each theme's responses as
with a discovered theme's members, so new themes gain answers and a deleted theme's are
coded afresh; a response keeps the themes that hold it. Machine codings are replaced;
responses an analyst corrected (by hand, or by moving them in a split) keep their themes.
The new codings, the updated statuses and quotes, the job's completion and one audit row
are written in one transaction, so the result appears whole or not at all.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Q

from sounding.consult import model
from sounding.services import consult as service
from sounding.web.consultations.audit import record
from sounding.web.consultations.background import consultation_of
from sounding.web.consultations.background.analysis import JobProgress
from sounding.web.consultations.background.analysts_work import RECODED, codebook, corrected_ids
from sounding.web.consultations.files.importer import BATCH
from sounding.web.consultations.models import Question, Response, ResponseTheme, Theme
from sounding.web.consultations.undo import capture_question
from sounding.web.jobs import queue
from sounding.web.jobs.models import Job
from sounding.web.runtime import sounding_settings

REASSIGN = "reassign"


def source_of(question: Question) -> model.Consultation:
    """The question and its responses as the pipeline reads them, from what is stored."""
    consultation = question.consultation
    rows = question.responses.exclude(status=Response.Status.REJECTED).order_by("position")
    return model.Consultation(
        questions=[
            model.Question(
                id=question.key, text=question.text, stance_column=question.stance_column or None
            )
        ],
        responses=[
            model.Response(
                id=r.respondent_id,
                question_id=question.key,
                text=r.text,
                closed_answer=r.closed_answer or None,
                metadata=dict(r.metadata or {}),
            )
            for r in rows
        ],
        metadata_columns=list(consultation.analysis_meta.get("metadata_columns", [])),
        source=consultation.upload_name,
    )


def run_reassign_job(job: Job) -> None:
    consultation = consultation_of(job)
    question = Question.objects.get(pk=job.payload["question_id"], consultation=consultation)
    queue.report(job, "Reading the themes and responses", 0, 0)
    book = codebook(question)
    source = source_of(question)
    # The command line's deductive run (--themes); an empty codebook (every theme deleted)
    # leaves every response 'other'.
    analysis = service.analyse(
        source, None, sounding_settings(), JobProgress(job), codebook=book, shared_embedder=True
    )
    queue.report(job, "Saving the results")
    with transaction.atomic():
        if not queue.finish(job):  # another worker took the job over: leave it theirs
            transaction.set_rollback(True)
            return
        capture = capture_question(question)
        summary = store_codings(question, analysis.questions[0])
        edit = record(
            consultation,
            _user(job),
            "reassign responses",
            f"question {question.key}",
            summary.pop("before"),
            summary,
        )
        capture.keep_for(edit)


def _user(job: Job) -> Any:
    from django.contrib.auth import get_user_model

    user_id = job.payload.get("user_id")
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def store_codings(question: Question, qa: model.QuestionAnalysis) -> dict[str, Any]:
    """Replace the machine's codings of `question` with `qa`'s; keep analysts' corrections."""
    themes = {t.key: t for t in Theme.objects.filter(question=question)}
    kept = corrected_ids(question)
    rows = {
        r.respondent_id: r for r in Response.objects.filter(question=question).exclude(pk__in=kept)
    }
    machine = ResponseTheme.objects.filter(response__question=question, by_analyst=False).exclude(
        response_id__in=kept
    )
    before = machine.count()
    machine.delete()
    scores = {(a.response_id, a.theme_id): a.score for a in qa.assignments}
    codings: list[ResponseTheme] = []
    themed: list[int] = []
    other: list[int] = []
    for outcome in qa.outcomes:
        row = rows.get(outcome.response_id)
        if row is None:
            continue
        keys = [k for k in dict.fromkeys(outcome.theme_ids) if k in themes]
        codings += [
            ResponseTheme(
                response_id=row.pk,
                theme=themes[k],
                score=scores.get((outcome.response_id, k)),
            )
            for k in keys
        ]
        if row.status in RECODED:
            (themed if keys else other).append(row.pk)
    ResponseTheme.objects.bulk_create(codings, batch_size=BATCH)
    recoded = Response.objects.filter(Q(pk__in=themed) | Q(pk__in=other))
    recoded.filter(pk__in=themed).update(status=Response.Status.THEMED)
    recoded.filter(pk__in=other).update(status=Response.Status.OTHER)
    # Their themes changed under anyone holding them: an API write from before is stale.
    Response.objects.filter(question=question).exclude(pk__in=kept).update(version=F("version") + 1)
    for theme in qa.themes:
        if theme.id in themes:
            quotes = [{"response_id": q.response_id, "text": q.text} for q in theme.quotes]
            Theme.objects.filter(pk=themes[theme.id].pk).update(quotes=quotes)
    return {
        "before": {"machine_codings": before},
        "machine_codings": len(codings),
        "themes": len(themes),
        "responses_recoded": len(rows),
        "corrections_kept": len(kept),
    }
