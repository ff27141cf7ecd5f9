"""Running the suite: every task (or some) with one or more models, logs then the report.

Each model gets its own Inspect run so that the `sounding/…` providers' arguments (`-M`)
reach only them; every run writes its `.eval` logs into the same folder, which the report
then reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from inspect_ai.log import EvalLog

from sounding.errors import InputError
from sounding.evaluate.tasks import TASKS

DEFAULT_MODEL = "sounding/system"


def scalar(text: str) -> Any:
    """A command-line value as `inspect eval -T` reads it: 40 → 40, true → True, none →
    None, other text stays text."""
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if lowered in ("none", "null"):
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_args(pairs: Sequence[str]) -> dict[str, Any]:
    """KEY=VALUE pairs, as `inspect eval -T` and `-M` take them."""
    args: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"{pair!r} is not KEY=VALUE.", "Write arguments as key=value.")
        args[key.strip()] = scalar(value)
    return args


def chosen_tasks(names: Sequence[str] | None) -> list[str]:
    """The tasks to run, in the suite's order (all when none are named)."""
    wanted = [n.strip().removeprefix("sounding/") for n in names or [] for n in n.split(",")]
    wanted = [n for n in wanted if n]
    unknown = [n for n in wanted if n not in TASKS]
    if unknown:
        raise InputError(
            f"Unknown task(s): {', '.join(unknown)}.", f"Choose from {', '.join(TASKS)}."
        )
    return [t for t in TASKS if not wanted or t in wanted]


def run_suite(
    models: Sequence[str],
    tasks: Sequence[str],
    log_dir: Path,
    *,
    limit: int | None = None,
    task_args: dict[str, Any] | None = None,
    model_args: dict[str, Any] | None = None,
    display: str = "none",
) -> list[EvalLog]:
    """Run `tasks` with each of `models`, writing `.eval` logs into `log_dir`."""
    from inspect_ai import eval as inspect_eval

    from sounding.evaluate.offline import allow_offline_token_counts

    allow_offline_token_counts()
    logs: list[EvalLog] = []
    for model in models:
        logs += inspect_eval(
            [f"sounding/{t}" for t in tasks],
            model=model,
            model_args=dict(model_args or {}) if model.startswith("sounding/") else {},
            task_args=dict(task_args or {}),
            log_dir=str(log_dir),
            log_format="eval",
            limit=limit,
            display=display,  # type: ignore[arg-type]
            fail_on_error=False,
        )
    return logs
