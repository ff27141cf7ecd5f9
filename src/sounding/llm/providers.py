"""Which code calls the model: providers found by name, as embedders are.

`llm.provider` in the settings names a registered provider (entry point group
`sounding.llm_providers`, see `sounding.registry`); its factory is called with the
`LLMSettings` and the call log and returns an object with `complete`. The built-in
"openai-compatible" provider is `LLMClient`, for any OpenAI-compatible endpoint; a package
can add another (a vendor SDK, an in-process model) without changing Sounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from sounding.llm.log import CallLog
from sounding.llm.settings import LLMSettings
from sounding.registry import Registry

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class LLMResult(Generic[T]):
    """A validated answer and what it cost. A cached answer cost nothing and used no tokens."""

    value: T
    prompt_tokens: int
    completion_tokens: int
    cost: float
    latency_s: float
    cached: bool
    model: str
    request_hash: str


class Provider(Protocol):
    """Validated structured answers from one model."""

    async def complete(
        self,
        messages: list[dict[str, Any]],
        schema: type[T],
        *,
        purpose: str,
        prompt_version: str,
    ) -> LLMResult[T]: ...


class ProviderFactory(Protocol):
    def __call__(self, settings: LLMSettings, log: CallLog | None) -> Provider: ...


PROVIDERS: Registry[ProviderFactory] = Registry(
    "sounding.llm_providers",
    {"openai-compatible": "sounding.llm.client:LLMClient"},
    "LLM provider",
)


def open_provider(settings: LLMSettings, log: CallLog | None = None) -> Provider:
    """The provider `settings.provider` names, logging (and caching) through `log`."""
    return PROVIDERS.get(settings.provider)(settings, log)
