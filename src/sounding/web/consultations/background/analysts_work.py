"""What of the analysts' work survives re-coding: their themes as a codebook, and the
themes they gave single responses by hand. Re-assign (one question) and a re-run analysis
(all of them) both use it.

An admin who re-runs the analysis chooses what happens to the current one. Either way it is
captured first, so History can restore it. "Keep" re-codes every response against the
analysts' current themes (the command line's `--themes`, as Re-assign does for one
question) and then puts back the themes analysts chose by hand for single responses;
"fresh" discovers themes anew.
"""

from __future__ import annotations

from sounding.consult import model
from sounding.consult.codebook import CodebookTheme
from sounding.web.consultations.files.importer import BATCH
from sounding.web.consultations.models import (
    Consultation,
    Edit,
    Question,
    Response,
    ResponseTheme,
    Theme,
)

KEEP, FRESH = "keep", "fresh"
#: Statuses the coding decides; blanks, duplicates and rejections stay as they are.
RECODED = (Response.Status.THEMED, Response.Status.OTHER)

#: (question key, respondent id) → the theme keys an analyst gave that response.
Corrections = dict[tuple[str, str], list[str]]


def codebook(question: Question) -> list[CodebookTheme]:
    """The question's current themes, each with the responses it holds now (by respondent
    id): re-coding compares answers with those, and leaves them where analysts saw them."""
    held: dict[int, list[str]] = {}
    codings = ResponseTheme.objects.filter(theme__question=question).order_by("response__position")
    for theme_id, respondent in codings.values_list("theme_id", "response__respondent_id"):
        held.setdefault(theme_id, []).append(respondent)
    return [
        CodebookTheme(
            id=t.key,
            label=t.label,
            question_id=question.key,
            description=t.description,
            stance=model.Stance(t.stance),
            examples=tuple(held.get(t.pk, ())),
        )
        for t in question.themes.all()
    ]


def corrected_ids(question: Question) -> set[int]:
    """Responses an analyst coded: their themes are the analyst's, not the machine's."""
    by_hand = set(
        ResponseTheme.objects.filter(response__question=question, by_analyst=True).values_list(
            "response_id", flat=True
        )
    )
    edited = Edit.objects.filter(response__question=question, action="correct themes").values_list(
        "response_id", flat=True
    )
    # Responses an analyst took a theme from in bulk: their remaining themes are chosen too.
    bulk = Edit.objects.filter(
        consultation_id=question.consultation_id, action="bulk remove theme", reverted_by=None
    )
    taken = {
        pk
        for after in bulk.values_list("after", flat=True)
        for pk in (after or {}).get("response_ids", [])
    }
    in_question = set(question.responses.values_list("pk", flat=True)) & taken
    return by_hand | set(edited) | in_question


def kept_codebook(consultation: Consultation) -> list[CodebookTheme]:
    """Every question's current themes, as one codebook."""
    return [theme for q in consultation.questions.all() for theme in codebook(q)]


def kept_corrections(consultation: Consultation) -> Corrections:
    """The themes of every response an analyst coded by hand, by question and respondent."""
    found: Corrections = {}
    for question in consultation.questions.all():
        rows = Response.objects.filter(pk__in=corrected_ids(question))
        for response in rows.prefetch_related("codings__theme"):
            keys = sorted(c.theme.key for c in response.codings.all())
            found[(question.key, response.respondent_id)] = keys
    return found


def reapply_corrections(consultation: Consultation, corrections: Corrections) -> int:
    """Give the re-analysed responses their analysts' themes back (where the question,
    respondent and themes still exist); returns how many responses were corrected."""
    themes = {
        (q, k): pk
        for pk, q, k in Theme.objects.filter(question__consultation=consultation).values_list(
            "pk", "question__key", "key"
        )
    }
    done = 0
    respondents = {respondent for _, respondent in corrections}
    rows = Response.objects.filter(consultation=consultation, respondent_id__in=respondents)
    for response in rows.select_related("question"):
        question = response.question.key
        keys = corrections.get((question, response.respondent_id))
        if keys is None:
            continue
        wanted = [themes[(question, k)] for k in keys if (question, k) in themes]
        response.codings.all().delete()
        ResponseTheme.objects.bulk_create(
            [ResponseTheme(response=response, theme_id=pk, by_analyst=True) for pk in wanted],
            batch_size=BATCH,
        )
        response.recode_status(coded=bool(wanted))
        done += 1
    return done
