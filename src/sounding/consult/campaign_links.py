"""Campaigns followed across questions: short answers repeated by an organised group.

Within one question, a group of repeated answers is called a campaign only when its text
holds enough content words of its own (`min_campaign_content_words`), because stock replies
("I agree with this") recur by chance. An organised campaign's answers to its other
questions are often that short ("Keep weekly collections for everyone."), and then they
were counted as plain duplicates although the same people wrote them. The respondents are
the evidence the words cannot give: a group of repeated answers becomes a campaign when at
least `min_size` of its respondents, and more than half of them, are in one campaign of
another question. Only campaigns found on their own words count as that evidence, so the
result does not depend on the order of the questions.
"""

from __future__ import annotations

from collections.abc import Sequence

from sounding.consult.duplicates import count_own_words
from sounding.consult.model import Campaign, Outcome, QuestionAnalysis, Status
from sounding.consult.normalise import clean, clip_words
from sounding.privacy.redact import redact


def _clip(text: str) -> str:
    """`text` as a published note may quote it: personal data replaced by placeholders, cut
    between words to at most 60 characters."""
    return clip_words(redact(text).text, 60)


def _plain_groups(qa: QuestionAnalysis) -> dict[str, list[str]]:
    """Representative → its group's response ids, for repeated answers not in a campaign."""
    groups: dict[str, list[str]] = {}
    for outcome in qa.outcomes:
        if outcome.status is Status.DUPLICATE and outcome.duplicate_of and not outcome.campaign_id:
            groups.setdefault(outcome.duplicate_of, [outcome.duplicate_of]).append(
                outcome.response_id
            )
    return groups


def link_campaigns(questions: Sequence[QuestionAnalysis], min_size: int) -> None:
    """Call campaigns the repeated answers that another question's campaign wrote, in place,
    with a note on the question saying which campaign they follow."""
    found = [
        (qa.question, campaign, set(campaign.member_ids))
        for qa in questions
        for campaign in qa.campaigns
    ]
    if not found:
        return
    for qa in questions:
        outcomes: dict[str, Outcome] = {o.response_id: o for o in qa.outcomes}
        groups = _plain_groups(qa)
        for representative in sorted(groups, key=lambda r: (-len(groups[r]), r)):
            members = groups[representative]
            if len(members) < min_size:
                continue
            respondents = set(members)
            shared, source_question, source = max(
                (
                    (len(respondents & in_campaign), question, campaign)
                    for question, campaign, in_campaign in found
                    if question.id != qa.question.id
                ),
                key=lambda found: found[0],
                default=(0, None, None),
            )
            if source is None or source_question is None:
                continue
            if shared < min_size or 2 * shared <= len(members):
                continue
            template = clean(outcomes[representative].text)
            campaign_id = f"C{len(qa.campaigns) + 1:03d}"
            qa.campaigns.append(
                Campaign(
                    id=campaign_id,
                    question_id=qa.question.id,
                    template=template,
                    size=len(members),
                    with_own_words=count_own_words(template, (outcomes[m].text for m in members)),
                    representative_id=representative,
                    member_ids=list(members),
                )
            )
            for member in members:
                outcomes[member].campaign_id = campaign_id
            qa.notes.append(
                f"The {len(members)} answers “{_clip(template)}” are a campaign, although too "
                f"short to show one by their words: {shared} of their respondents are in the "
                f"campaign “{_clip(source.template)}” of the question "
                f"“{_clip(source_question.text)}”."
            )
