"""Counting themes by stance and respondent group, the table analysts publish."""

from __future__ import annotations

from collections import Counter

from sounding.consult.model import Breakdown, Outcome, Status

ALL = "(all)"
NO_STANCE = "none"
OTHER_THEME = "other"


def tabulate(
    question_id: str,
    outcomes: list[Outcome],
    metadata: dict[str, dict[str, str]],
    dimensions: list[str],
) -> list[Breakdown]:
    """Counts of responses per theme × stance, overall and within each metadata dimension.

    Duplicates count under the themes of the response they copy, and under their own
    stance and group; responses fitting no theme count under "other". Blank and rejected
    responses are not themed and so not counted here (they are in the status counts).
    """
    tally: Counter[tuple[str, str, str, str]] = Counter()
    for outcome in outcomes:
        if outcome.status in (Status.BLANK, Status.REJECTED):
            continue
        stance = str(outcome.stance) if outcome.stance else NO_STANCE
        groups = [(ALL, ALL)] + [
            (d, metadata.get(outcome.response_id, {}).get(d, "") or "(not given)")
            for d in dimensions
        ]
        for theme in outcome.theme_ids or [OTHER_THEME]:
            for dimension, value in groups:
                tally[theme, stance, dimension, value] += 1
    return [
        Breakdown(question_id, theme, stance, dimension, value, count)
        for (theme, stance, dimension, value), count in sorted(tally.items())
    ]
