"""What every scorer reads: the completion, and what Sounding's provider recorded."""

from __future__ import annotations

from typing import Any

from inspect_ai.solver import TaskState

#: The key under which Sounding's system provider records what it did in ModelOutput.metadata.
SYSTEM_KEY = "sounding"
NAN = float("nan")


def completion(state: TaskState) -> str:
    return state.output.completion if state.output else ""


def system_record(state: TaskState) -> dict[str, Any]:
    """What the system provider recorded for this sample ({} for a raw model)."""
    metadata = state.output.metadata if state.output else None
    record = (metadata or {}).get(SYSTEM_KEY)
    return record if isinstance(record, dict) else {}


def not_applicable(state: TaskState) -> bool:
    """Whether a system provider said this sample is not for the capability it runs."""
    return bool(system_record(state).get("not_applicable"))


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else NAN
