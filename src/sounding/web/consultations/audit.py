"""Recording edits for the history page: who, when, what, and the values before and after."""

from __future__ import annotations

from typing import Any

from sounding.web.consultations.models import Consultation, Edit, Response, Theme


def record(
    consultation: Consultation,
    user: Any,
    action: str,
    target: str,
    before: Any = None,
    after: Any = None,
    response: Response | None = None,
) -> Edit:
    return Edit.objects.create(
        consultation=consultation,
        response=response,
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        target=target[:200],
        before=before,
        after=after,
    )


def theme_state(theme: Theme) -> dict[str, Any]:
    """The fields of a theme an analyst can change, as stored in the audit trail."""
    return {
        "key": theme.key,
        "label": theme.label,
        "description": theme.description,
        "stance": theme.stance,
        "version": theme.version,
    }
