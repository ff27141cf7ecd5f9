"""Small-cell suppression: a respondent group too small to publish is shown as "fewer than N".

Official statistics do not publish the counts of very small groups, as they can point at
people (the one respondent aged 85 or over in a district). The threshold is the
`consult.min_group_size` setting recorded with the analysis; overall counts, which the
theme table already publishes, are never hidden.
"""

from __future__ import annotations

from collections.abc import Mapping

from sounding.config import DEFAULT_MIN_GROUP_SIZE


def min_group_size(settings: Mapping[str, object]) -> int:
    """The threshold an analysis was made with (analyses recorded before it existed: the
    default)."""
    consult = settings.get("consult")
    value = consult.get("min_group_size") if isinstance(consult, Mapping) else None
    return value if isinstance(value, int) and value >= 1 else DEFAULT_MIN_GROUP_SIZE


def fewer_than(minimum: int) -> str:
    """What is shown instead of a suppressed count."""
    return f"fewer than {minimum}"
