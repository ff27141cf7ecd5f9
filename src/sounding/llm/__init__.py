"""A provider-agnostic LLM client: any OpenAI-compatible API, validated structured output,
retries, a SQLite call log that doubles as a cache, and dry-run estimates."""

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
