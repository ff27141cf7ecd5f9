"""The configured language model, opened once for a use case of any capability.

Every call is logged and cached in a SQLite call log (SOUNDING_HOME's, or one a capability
keeps with its data, as Assist does per collection); `--dry-run` gets a model that counts
what would be sent and answers neutrally.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sounding.config import Settings
from sounding.errors import SoundingError
from sounding.llm.log import CallLog
from sounding.llm.metered import DryRunModel, MeteredModel
from sounding.llm.providers import open_provider


@contextmanager
def open_model(
    settings: Settings, dry_run: bool = False, log_path: Path | None = None
) -> Iterator[MeteredModel | DryRunModel]:
    """The configured language model, logging and caching every call under SOUNDING_HOME
    (or in `log_path`: Assist keeps a collection's calls with the collection)."""
    llm = settings.llm
    if llm is None or llm.missing:
        raise SoundingError(
            "No language model is configured."
            if llm is None
            else f"The language model's settings lack {' and '.join(llm.missing)}.",
            "Set SOUNDING_LLM__BASE_URL and SOUNDING_LLM__MODEL (and SOUNDING_LLM__API_KEY if "
            "the provider needs one), or an [llm] table in sounding.toml.",
        )
    if dry_run:
        yield DryRunModel(llm)
        return
    log = CallLog(log_path or settings.home / "llm" / "calls.sqlite")
    try:
        yield MeteredModel(open_provider(llm, log))  # the provider llm.provider names
    finally:
        log.close()


def llm_usage(model: MeteredModel | DryRunModel, settings: Settings) -> dict[str, Any]:
    """Calls, tokens and cost so far; the cost is None when no prices are set (unknown, not
    free)."""
    usage = model.usage.as_dict()
    if settings.llm is None or not settings.llm.priced:
        usage["cost"] = None
    return usage
