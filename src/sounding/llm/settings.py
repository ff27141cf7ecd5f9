"""Settings of the LLM client: by default any OpenAI-compatible chat completions endpoint.

Filled once at the edge (`SOUNDING_LLM__BASE_URL`, `SOUNDING_LLM__MODEL`… or the `[llm]` table
of the TOML file) and passed down; nothing in this package reads the environment.
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class LLMSettings(BaseModel):
    """Where the model lives, how hard to try, and what a token costs."""

    model_config = ConfigDict(extra="forbid")

    provider: str = Field(
        "openai-compatible",
        description="Which registered provider calls the model: openai-compatible (built in), "
        "or one a package adds through the sounding.llm_providers entry point group.",
    )
    # Both are needed for --llm, but are not required here: a half-finished [llm] table
    # must not stop an offline run, which never reads it (`missing` names what is unset).
    base_url: str = Field(
        "",
        description="OpenAI-compatible API root, e.g. https://api.openai.com/v1 or "
        "http://127.0.0.1:8080/v1 for a local server.",
    )
    model: str = Field("", description="Model name as the provider spells it.")
    api_key: SecretStr | None = Field(None, description="API key; local servers usually need none.")
    concurrency: int = Field(4, ge=1, description="Most requests in flight at once.")
    timeout_s: float = Field(60.0, gt=0, description="Seconds to wait for one response.")
    max_retries: int = Field(
        5, ge=0, description="Retries after a rate limit, server error, timeout or lost connection."
    )
    backoff_base_s: float = Field(
        1.0, ge=0, description="First retry delay; doubles each retry, with jitter."
    )
    backoff_max_s: float = Field(30.0, ge=0, description="Longest delay between retries.")
    price_in_per_million: float | None = Field(
        None, ge=0, description="Price of 1M prompt tokens; unset: cost unknown."
    )
    price_out_per_million: float | None = Field(
        None, ge=0, description="Price of 1M completion tokens; unset: cost unknown."
    )
    temperature: float = Field(0.0, ge=0, le=2, description="0 makes answers most repeatable.")
    max_output_tokens: int | None = Field(
        4096,
        ge=16,
        description="Longest answer, in tokens (sent as max_tokens). Bounds cost and stops a "
        "small model that loops inside its JSON; a cut-off answer gets one repair attempt. "
        "None sends no limit.",
    )
    seed: int | None = Field(None, description="Sent to providers that support it.")
    structured_output: Literal["json_schema", "json_object", "prompt"] = Field(
        "json_schema",
        description="json_schema: OpenAI-style schema-constrained output (OpenAI, Azure, "
        "vLLM, llama.cpp's llama-server…). json_object: the `json_object` + `schema` form of "
        "llama-cpp-python's server. prompt: the schema is put in the system message and the "
        "answer parsed, for servers without response_format support.",
    )

    @property
    def missing(self) -> list[str]:
        """The settings a call needs that are not set, by name."""
        return [name for name in ("base_url", "model") if not getattr(self, name).strip()]

    @property
    def priced(self) -> bool:
        """Whether a price is set, so that a cost means something (a free local model is
        priced at 0)."""
        return self.price_in_per_million is not None or self.price_out_per_million is not None

    @property
    def host(self) -> str:
        """The provider's host, recorded in the call log (never the key or the full URL)."""
        return urlsplit(self.base_url).netloc or self.base_url

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens * (self.price_in_per_million or 0.0)
            + completion_tokens * (self.price_out_per_million or 0.0)
        ) / 1_000_000
