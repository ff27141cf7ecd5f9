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
    base_url: str = Field(
        description="OpenAI-compatible API root, e.g. https://api.openai.com/v1 or "
        "http://127.0.0.1:8080/v1 for a local server."
    )
    model: str = Field(description="Model name as the provider spells it.")
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
    price_in_per_million: float = Field(0.0, ge=0, description="Price of 1M prompt tokens.")
    price_out_per_million: float = Field(0.0, ge=0, description="Price of 1M completion tokens.")
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
    def host(self) -> str:
        """The provider's host, recorded in the call log (never the key or the full URL)."""
        return urlsplit(self.base_url).netloc or self.base_url

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (
            prompt_tokens * self.price_in_per_million
            + completion_tokens * self.price_out_per_million
        ) / 1_000_000
