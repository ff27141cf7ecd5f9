"""What analysts change: themes (rename, describe, merge, delete, add) and responses' themes.

Each change runs in one transaction, is refused if the theme's version moved since the
analyst loaded it (`StaleEdit`: no silent overwrite), bumps the version, and writes an
audit row with the values before and after.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sounding.web.consultations.audit import record, theme_state
from sounding.web.consultations.models import Question, Response, ResponseTheme, Theme


class StaleEdit(Exception):
    """The theme was changed by someone else after this analyst loaded it."""

    def __init__(self, theme: Theme) -> None:
        super().__init__(
            f"Someone else changed the theme “{theme.label}” while you were editing it. "
            "Your change was not saved: review the theme as it is now and try again."
        )


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
        theme = _claim(theme, version, label=label, description=description, stance=stance)
        record(
            theme.question.consultation,
            user,
            "edit theme",
            _name(theme),
            before,
            theme_state(theme),
        )
    return theme


def merge_themes(
    keep: Theme, keep_version: int, absorb: Theme, absorb_version: int, user: Any
) -> Theme:
    """Move every response of `absorb` to `keep`, then delete `absorb`."""
    if keep.pk == absorb.pk or keep.question_id != absorb.question_id:
        raise ValueError("Merge two different themes of the same question.")
    with transaction.atomic():
        before = {"kept": theme_state(keep), "merged": theme_state(absorb)}
        _claim(absorb, absorb_version)
        keep = _claim(keep, keep_version, quotes=(keep.quotes + absorb.quotes)[:10])
        already = ResponseTheme.objects.filter(theme=keep).values("response_id")
        moved = ResponseTheme.objects.filter(theme=absorb).exclude(response_id__in=already)
        count = moved.update(theme=keep)
        absorb.delete()
        record(
            keep.question.consultation,
            user,
            "merge themes",
            _name(keep),
            before,
            {"kept": theme_state(keep), "responses_moved": count},
        )
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
        record(
            theme.question.consultation,
            user,
            "split theme",
            _name(theme),
            before,
            {"new": theme_state(new), "responses_moved": moved},
        )
    return new


def delete_theme(theme: Theme, version: int, user: Any) -> None:
    with transaction.atomic():
        before = theme_state(theme)
        _claim(theme, version)
        before["responses"] = theme.codings.count()
        record(theme.question.consultation, user, "delete theme", _name(theme), before, None)
        theme.delete()


def add_theme(question: Question, user: Any, label: str, description: str, stance: str) -> Theme:
    with transaction.atomic():
        theme = Theme.objects.create(
            question=question,
            key=_new_key(question, stance, label),
            label=label,
            description=description,
            stance=stance,
            origin=Theme.Origin.ANALYST,
            position=question.themes.count(),
        )
        record(question.consultation, user, "add theme", _name(theme), None, theme_state(theme))
    return theme


def set_response_themes(response: Response, theme_ids: list[int], user: Any) -> None:
    """Code `response` with exactly these themes (of its question), keeping history."""
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        chosen = set(
            Theme.objects.filter(pk__in=theme_ids, question=response.question).values_list(
                "pk", flat=True
            )
        )
        current = dict(response.codings.values_list("theme_id", "theme__key"))
        before = sorted(current.values())
        response.codings.exclude(theme_id__in=chosen).delete()
        ResponseTheme.objects.bulk_create(
            [
                ResponseTheme(response=response, theme_id=pk, by_analyst=True)
                for pk in chosen - set(current)
            ]
        )
        after = sorted(response.codings.values_list("theme__key", flat=True))
        if after != before:
            record(
                response.consultation,
                user,
                "correct themes",
                _response_name(response),
                before,
                after,
                response=response,
            )


def set_flag(response: Response, flagged: bool, user: Any) -> None:
    with transaction.atomic():
        if response.flagged == flagged:
            return
        Response.objects.filter(pk=response.pk).update(flagged=flagged)
        record(
            response.consultation,
            user,
            "flag" if flagged else "unflag",
            _response_name(response),
            {"flagged": response.flagged},
            {"flagged": flagged},
            response=response,
        )
        response.flagged = flagged


def _name(theme: Theme) -> str:
    return f"theme {theme.key} ({theme.question.key})"


def _response_name(response: Response) -> str:
    return f"response {response.respondent_id} ({response.question.key})"


def _new_key(question: Question, stance: str, label: str) -> str:
    """A readable key unique within the question, in the pipeline's style."""
    base = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:30].strip("-") or "theme"
    base = f"{question.key[:40]}-{stance}-{base}"
    taken = set(question.themes.values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key
