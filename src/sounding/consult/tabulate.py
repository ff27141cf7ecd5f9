"""Counting themes: each theme's count and share, and the table by stance and respondent
group that analysts publish."""

from __future__ import annotations

from collections import Counter

from sounding.consult.group_order import NOT_GIVEN
from sounding.consult.model import Breakdown, Consultation, Outcome, Status, Theme

ALL = "(all)"
NO_STANCE = "none"
OTHER_THEME = "other"
#: The responses a theme's share is of: every response with something to say.
COUNTED = (Status.THEMED, Status.OTHER, Status.DUPLICATE)


def coded_status(status: Status, theme_ids: list[str]) -> Status:
    """A response's status once coded: themed or other by its themes; a duplicate, blank or
    rejected response stays what it is."""
    if status not in (Status.THEMED, Status.OTHER):
        return status
    return Status.THEMED if theme_ids else Status.OTHER


def count_themes(themes: list[Theme], outcomes: list[Outcome]) -> list[Theme]:
    """`themes`, each with its count and share of the counted responses (duplicates count
    under the themes of the response they copy), most common first."""
    counted = [o for o in outcomes if o.status in COUNTED]
    counts = Counter(theme for o in counted for theme in o.theme_ids)
    for theme in themes:
        theme.count = counts[theme.id]
        theme.share = theme.count / len(counted) if counted else 0.0
    return sorted(themes, key=lambda t: (-t.count, t.label))


def tabulate(
    question_id: str,
    outcomes: list[Outcome],
    metadata: dict[str, dict[str, str]],
    dimensions: list[str],
) -> list[Breakdown]:
    """Counts of responses per theme × stance, overall and within each metadata dimension.

    Duplicates count under the themes of the response they copy, and under their own
    stance and group; responses fitting no theme count under "other". Blank and rejected
    responses are not themed and so not counted here (they are in the status counts). Each
    cell carries its group's size, so a share of the group's respondents can be published.
    """
    tally: Counter[tuple[str, str, str, str]] = Counter()
    sizes: Counter[tuple[str, str]] = Counter()
    for outcome in outcomes:
        if outcome.status in (Status.BLANK, Status.REJECTED):
            continue
        stance = str(outcome.stance) if outcome.stance else NO_STANCE
        groups = [(ALL, ALL)] + [
            (d, metadata.get(outcome.response_id, {}).get(d, "") or NOT_GIVEN) for d in dimensions
        ]
        sizes.update(groups)
        for theme in outcome.theme_ids or [OTHER_THEME]:
            for dimension, value in groups:
                tally[theme, stance, dimension, value] += 1
    return [
        Breakdown(question_id, theme, stance, dimension, value, count, sizes[dimension, value])
        for (theme, stance, dimension, value), count in sorted(tally.items())
    ]


def answer_counts(consultation: Consultation) -> dict[str, dict[str, int]]:
    """Per column of respondent information or closed answers, how many respondents gave
    each answer ("" for none): a survey's own headline ("Which proposed change would affect
    you most?"), which the themes, broken down by it, do not show. Each respondent counts
    once, with the answers of their first response."""
    respondents: dict[str, dict[str, str]] = {}
    for response in consultation.responses:
        respondents.setdefault(response.id, response.metadata)
    return {
        column: dict(Counter(answers.get(column, "") for answers in respondents.values()))
        for column in consultation.metadata_columns
    }
