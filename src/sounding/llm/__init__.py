"""A provider-agnostic LLM client: any OpenAI-compatible API, validated structured output,
retries, a SQLite call log that doubles as a cache, and dry-run estimates.

Names are imported from their modules on first use: the settings are read by every command,
and importing the client (and with it the `openai` package, 0.3 s) should only happen when
a model is actually called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_MODULE_OF = {
    "LLMClient": "client",
    "LLMRequest": "client",
    "LLMResult": "client",
    "LLMError": "errors",
    "LLMOutputError": "errors",
    "LLMRefusalError": "errors",
    "LLMRequestError": "errors",
    "LLMUnavailableError": "errors",
    "DryRunClient": "estimate",
    "DryRunEstimate": "estimate",
    "count_tokens": "estimate",
    "CallLog": "log",
    "LogTotals": "log",
    "LLMSettings": "settings",
}
__all__ = [
    "CallLog",
    "DryRunClient",
    "DryRunEstimate",
    "LLMClient",
    "LLMError",
    "LLMOutputError",
    "LLMRefusalError",
    "LLMRequest",
    "LLMRequestError",
    "LLMResult",
    "LLMSettings",
    "LLMUnavailableError",
    "LogTotals",
    "count_tokens",
]

if TYPE_CHECKING:
    from sounding.llm.client import LLMClient, LLMRequest, LLMResult
    from sounding.llm.errors import (
        LLMError,
        LLMOutputError,
        LLMRefusalError,
        LLMRequestError,
        LLMUnavailableError,
    )
    from sounding.llm.estimate import DryRunClient, DryRunEstimate, count_tokens
    from sounding.llm.log import CallLog, LogTotals
    from sounding.llm.settings import LLMSettings


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
