"""What analysts change: themes (rename, describe, merge, split, delete, add) and responses'
themes and flags. The pages and the API both call these, so both behave the same.

Each change runs in one transaction, is refused if the theme's (or response's) version
moved since the analyst loaded it (`StaleEdit`: no silent overwrite), bumps the version, and
writes an audit row with the values before and after; a change to a question's themes also
keeps a capture of the question as it was, so History can undo it (`undo.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from sounding.consult.model import Stance as ConsultStance
from sounding.consult.pipeline import theme_id
from sounding.web.consultations.audit import record, theme_state
from sounding.web.consultations.models import Question, Response, ResponseTheme, Theme
from sounding.web.consultations.undo import capture_question


class StaleEdit(Exception):
    """The theme (or response) was changed by someone else after this analyst loaded it."""

    def __init__(self, changed: Theme | Response) -> None:
        what = (
            f"the theme “{changed.label}”"
            if isinstance(changed, Theme)
            else f"response {changed.respondent_id}"
        )
        super().__init__(
            f"Someone else changed {what} while you were editing it. "
            "Your change was not saved: compare it with how it is now, then try again."
        )


def other_labels(question: Question, but: Theme | None = None) -> list[str]:
    """The labels of the question's themes (but one being edited), which no other may take."""
    themes = question.themes.all() if but is None else question.themes.exclude(pk=but.pk)
    return list(themes.values_list("label", flat=True))


def label_clash(label: str, labels: Iterable[str]) -> str | None:
    """Why a theme may not take `label` beside the question's other `labels`, or None: two
    themes of one name read as one in every table, and after a re-run keeping the analysts'
    work the empty twin had taken 72 responses."""
    wanted = label.strip().casefold()
    if any(wanted == other.strip().casefold() for other in labels):
        return (
            f"Another theme of this question is called “{label.strip()}”: merge into it, or "
            "choose another label"
        )
    return None


def _claim(theme: Theme, version: int, **changes: Any) -> Theme:
    """Apply `changes` only if `theme` is still at `version`; return it refreshed."""
    updated = Theme.objects.filter(pk=theme.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise StaleEdit(theme)
    theme.refresh_from_db()
    return theme


def edit_theme(
    theme: Theme, version: int, user: Any, label: str, description: str, stance: str
) -> Theme:
    with transaction.atomic():
        before = theme_state(theme)
        capture = capture_question(theme.question)
        theme = _claim(theme, version, label=label, description=description, stance=stance)
        edit = record(
            theme.question.consultation,
            user,
            "edit theme",
            _name(theme),
            before,
            theme_state(theme),
        )
        capture.keep_for(edit)
    return theme


def merge_themes(
    keep: Theme, keep_version: int, absorb: Theme, absorb_version: int, user: Any
) -> Theme:
    """Move every response of `absorb` to `keep`, then delete `absorb`."""
    if keep.pk == absorb.pk or keep.question_id != absorb.question_id:
        raise ValueError("Merge two different themes of the same question.")
    with transaction.atomic():
        before = {"kept": theme_state(keep), "merged": theme_state(absorb)}
        capture = capture_question(keep.question)
        _claim(absorb, absorb_version)
        extra = dict(keep.extra)
        if extra.get("tone") != absorb.extra.get("tone"):
            extra.pop("tone", None)  # the estimate was of one theme's answers, not of both
        keep = _claim(keep, keep_version, quotes=(keep.quotes + absorb.quotes)[:10], extra=extra)
        already = ResponseTheme.objects.filter(theme=keep).values("response_id")
        moved = ResponseTheme.objects.filter(theme=absorb).exclude(response_id__in=already)
        count = moved.update(theme=keep)
        absorb.delete()
        edit = record(
            keep.question.consultation,
            user,
            "merge themes",
            _name(keep),
            before,
            {"kept": theme_state(keep), "responses_moved": count},
        )
        capture.keep_for(edit)
    return keep


def split_theme(
    theme: Theme,
    version: int,
    user: Any,
    response_ids: list[int],
    label: str,
    description: str,
    stance: str,
) -> Theme:
    """Move the chosen responses of `theme` to a new theme, leaving the rest where they are."""
    with transaction.atomic():
        before = {**theme_state(theme), "responses": theme.codings.count()}
        capture = capture_question(theme.question)
        theme = _claim(theme, version)
        new = Theme.objects.create(
            question=theme.question,
            key=_new_key(theme.question, stance, label),
            label=label,
            description=description,
            stance=stance,
            origin=Theme.Origin.ANALYST,
            position=theme.question.themes.count(),
        )
        moved = ResponseTheme.objects.filter(theme=theme, response_id__in=response_ids).update(
            theme=new, by_analyst=True
        )
        edit = record(
            theme.question.consultation,
            user,
            "split theme",
            _name(theme),
            before,
            {"new": theme_state(new), "responses_moved": moved},
        )
        capture.keep_for(edit)
    return new


def delete_theme(theme: Theme, version: int, user: Any) -> None:
    with transaction.atomic():
        before = theme_state(theme)
        capture = capture_question(theme.question)
        _claim(theme, version)
        before["responses"] = theme.codings.count()
        edit = record(theme.question.consultation, user, "delete theme", _name(theme), before, None)
        capture.keep_for(edit)
        theme.delete()


def add_theme(question: Question, user: Any, label: str, description: str, stance: str) -> Theme:
    with transaction.atomic():
        capture = capture_question(question)
        theme = Theme.objects.create(
            question=question,
            key=_new_key(question, stance, label),
            label=label,
            description=description,
            stance=stance,
            origin=Theme.Origin.ANALYST,
            position=question.themes.count(),
        )
        edit = record(
            question.consultation, user, "add theme", _name(theme), None, theme_state(theme)
        )
        capture.keep_for(edit)
    return theme


def bulk_theme(theme: Theme, rows: QuerySet[Response], add: bool, user: Any, described: str) -> int:
    """Give `theme` to every response of `rows` (of its question) that lacks it, or take it
    from every one that has it: one change in the history, undone as one. Returns how many
    responses changed. A response left with no theme becomes "Other"; one given a theme
    stops being "Other". Analysts' choices outlast a Re-assign: added codings are theirs,
    and the responses it was taken from are named in the audit row."""
    question = theme.question
    with transaction.atomic():
        capture = capture_question(question)
        # The ids first: taking the theme away changes what a theme filter matches.
        chosen = list(rows.filter(question=question).values_list("pk", flat=True))
        holding = set(
            ResponseTheme.objects.filter(theme=theme, response__question=question).values_list(
                "response_id", flat=True
            )
        )
        changed = [pk for pk in chosen if (pk in holding) != add]
        for part in _batches(changed):
            if add:
                ResponseTheme.objects.bulk_create(
                    [ResponseTheme(response_id=pk, theme=theme, by_analyst=True) for pk in part]
                )
                Response.objects.filter(pk__in=part, status=Response.Status.OTHER).update(
                    status=Response.Status.THEMED
                )
            else:
                ResponseTheme.objects.filter(theme=theme, response_id__in=part).delete()
                Response.objects.filter(
                    pk__in=part, status=Response.Status.THEMED, codings__isnull=True
                ).update(status=Response.Status.OTHER)
            # An open page of any of them is stale now.
            Response.objects.filter(pk__in=part).update(version=F("version") + 1)
        after: dict[str, Any] = {"theme": theme_state(theme), "responses": len(changed)}
        if not add:
            after["response_ids"] = changed
        edit = record(
            question.consultation,
            user,
            "bulk add theme" if add else "bulk remove theme",
            _name(theme),
            {"filters": described},
            after,
        )
        capture.keep_for(edit)
    return len(changed)


#: Responses changed per statement by a bulk change (under SQLite's limit on parameters).
BULK_BATCH = 1000


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BULK_BATCH):
        yield ids[start : start + BULK_BATCH]


def set_response_themes(
    response: Response, theme_ids: list[int], user: Any, version: int | None = None
) -> Response:
    """Code `response` with exactly these themes (of its question), keeping history.

    With `version` (the response's version the analyst saw), a response changed since is
    refused with `StaleEdit` instead of being overwritten."""
    with transaction.atomic():
        response = _lock_response(response, version)
        chosen = set(
            Theme.objects.filter(pk__in=theme_ids, question=response.question).values_list(
                "pk", flat=True
            )
        )
        current = dict(response.codings.values_list("theme_id", "theme__key"))
        before = sorted(current.values())
        response.codings.exclude(theme_id__in=chosen).delete()
        # Themes the analyst kept are theirs now too: a re-run must not take them away.
        response.codings.filter(theme_id__in=chosen).update(by_analyst=True)
        ResponseTheme.objects.bulk_create(
            [
                ResponseTheme(response=response, theme_id=pk, by_analyst=True)
                for pk in chosen - set(current)
            ]
        )
        after = sorted(response.codings.values_list("theme__key", flat=True))
        if after != before:
            response.recode_status()
            _bump(response)
            record(
                response.consultation,
                user,
                "correct themes",
                _response_name(response),
                before,
                after,
                response=response,
            )
    return response


def set_flag(response: Response, flagged: bool, user: Any, version: int | None = None) -> Response:
    """Flag a response for attention (or clear the flag); `version` as for themes."""
    with transaction.atomic():
        current = _lock_response(response, version)
        if current.flagged != flagged:
            current.flagged = flagged
            _bump(current, flagged=flagged)
            record(
                current.consultation,
                user,
                "flag" if flagged else "unflag",
                _response_name(current),
                {"flagged": not flagged},
                {"flagged": flagged},
                response=current,
            )
    response.flagged, response.version = current.flagged, current.version
    return current


def _lock_response(response: Response, version: int | None) -> Response:
    """The response's row, locked for this transaction; `StaleEdit` if past `version`."""
    locked = Response.objects.select_for_update().get(pk=response.pk)
    if version is not None and locked.version != version:
        raise StaleEdit(locked)
    return locked


def _bump(response: Response, **changes: Any) -> None:
    Response.objects.filter(pk=response.pk).update(version=F("version") + 1, **changes)
    response.version += 1


def _name(theme: Theme) -> str:
    return f"theme {theme.key} ({theme.question.key})"


def _response_name(response: Response) -> str:
    return f"response {response.respondent_id} ({response.question.key})"


def _new_key(question: Question, stance: str, label: str) -> str:
    """A key unique within the question, made as the pipeline makes its themes' ("T5EADE1"):
    an analyst's theme had been exported as "Q4. Please explain your answer-agree-everybody-
    uses-…" beside the machine's."""
    taken = set(question.themes.values_list("key", flat=True))
    return theme_id(question.key, ConsultStance(stance), label, taken)
