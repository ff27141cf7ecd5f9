"""A provider-agnostic LLM client: providers found by name (any OpenAI-compatible API built
in), validated structured output, retries, a SQLite call log that doubles as a cache, and
dry-run estimates from what each prompt declares. Nothing here knows which capability asks.

Names are imported from their modules on first use: the settings are read by every command,
and importing the client (and with it the `openai` package, 0.3 s) should only happen when
a model is actually called.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_MODULE_OF = {
    "LLMClient": "client",
    "LLMResult": "providers",
    "LLMError": "errors",
    "LLMOutputError": "errors",
    "LLMRefusalError": "errors",
    "LLMRequestError": "errors",
    "LLMUnavailableError": "errors",
    "count_tokens": "estimate",
    "DryRunModel": "metered",
    "MeteredModel": "metered",
    "Answer": "prompt",
    "Prompt": "prompt",
    "Provider": "providers",
    "open_provider": "providers",
    "CallLog": "log",
    "LogTotals": "log",
    "LLMSettings": "settings",
}
__all__ = [
    "Answer",
    "CallLog",
    "DryRunModel",
    "LLMClient",
    "LLMError",
    "LLMOutputError",
    "LLMRefusalError",
    "LLMRequestError",
    "LLMResult",
    "LLMSettings",
    "LLMUnavailableError",
    "LogTotals",
    "MeteredModel",
    "Prompt",
    "Provider",
    "count_tokens",
    "open_provider",
]

if TYPE_CHECKING:
    from sounding.llm.client import LLMClient
    from sounding.llm.errors import (
        LLMError,
        LLMOutputError,
        LLMRefusalError,
        LLMRequestError,
        LLMUnavailableError,
    )
    from sounding.llm.estimate import count_tokens
    from sounding.llm.log import CallLog, LogTotals
    from sounding.llm.metered import DryRunModel, MeteredModel
    from sounding.llm.prompt import Answer, Prompt
    from sounding.llm.providers import LLMResult, Provider, open_provider
    from sounding.llm.settings import LLMSettings


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
