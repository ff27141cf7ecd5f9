"""Turning the analyst's choice of column roles into `ColumnOverrides`.

Detection (`sounding.files.columns`) proposes a role per column; the confirmation page shows
it with its reason and lets the analyst change it. Wide tables are edited per column; a long
table's plan (question, response, stance columns) is shown and accepted as detected.
"""

from __future__ import annotations

from typing import Any

from sounding.errors import InputError
from sounding.files.columns import ColumnPlan

ROLES = {
    "id": "Respondent id",
    "open text": "Open question (analyse)",
    "closed": "Closed question",
    "metadata": "Respondent attribute",
    "ignored": "Ignore",
}


def plan_overrides(plan: ColumnPlan) -> dict[str, Any]:
    """The plan as override keys, so a later read reproduces it exactly."""
    if plan.shape == "long":
        return {
            "shape": "long",
            "id_column": plan.id_column or "",
            "question_column": plan.question_column or "",
            "response_column": plan.response_column or "",
            "metadata_columns": list(plan.metadata_columns),
            **({"stance_column": plan.stance_column} if plan.stance_column else {}),
        }
    return {
        "shape": "wide",
        "id_column": plan.id_column or "",
        "open_columns": list(plan.open_columns),
        "closed_columns": list(plan.closed_columns),
        "metadata_columns": list(plan.metadata_columns),
        "stance_links": dict(plan.stance_links),
    }


def chosen_overrides(plan: ColumnPlan, roles: dict[str, str]) -> dict[str, Any]:
    """Overrides for a wide table from `roles` (column -> one of ROLES)."""
    ids = [c for c, r in roles.items() if r == "id"]
    if len(ids) > 1:
        raise InputError(f"Choose one respondent id column, not {len(ids)}.")
    open_columns = [c for c in plan.columns if roles.get(c) == "open text"]
    closed = [c for c in plan.columns if roles.get(c) == "closed"]
    if not open_columns:
        raise InputError("Choose at least one open question to analyse.")
    links = {o: c for o, c in plan.stance_links.items() if o in open_columns and c in closed}
    return {
        "shape": "wide",
        "id_column": ids[0] if ids else "",
        "open_columns": open_columns,
        "closed_columns": closed,
        "metadata_columns": [c for c in plan.columns if roles.get(c) == "metadata"],
        "stance_links": links,
    }
