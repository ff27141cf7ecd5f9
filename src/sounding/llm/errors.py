"""Errors from calling a language model, each with a hint the user can act on."""

from __future__ import annotations

from sounding.errors import SoundingError


class LLMError(SoundingError):
    """Any failure of an LLM call."""


class LLMUnavailableError(LLMError):
    """The provider could not be reached or kept failing after every retry."""

    def __init__(self, host: str, attempts: int, cause: str) -> None:
        super().__init__(
            f"The model at {host} did not answer after {attempts} attempt(s): {cause}",
            "Check base_url and that the server is running; for rate limits or slow models "
            "lower llm.concurrency or raise llm.max_retries / llm.timeout_s.",
        )
        self.host = host
        self.attempts = attempts


class LLMRequestError(LLMError):
    """The provider rejected the request itself (bad key, unknown model, unsupported option)."""

    def __init__(self, host: str, status: int, detail: str) -> None:
        hints = {
            401: "Check the api key (llm.api_key or SOUNDING_LLM__API_KEY).",
            403: "Check the api key and that it may use this model.",
            404: "Check base_url (it usually ends in /v1) and the model name.",
        }
        hint = hints.get(
            status,
            "Check base_url, the api key and the model name. If the server does not support "
            'response_format, set llm.structured_output = "prompt".',
        )
        super().__init__(f"The model at {host} rejected the request ({status}): {detail}", hint)
        self.status = status


class LLMRefusalError(LLMError):
    """The provider refused to answer (content filter); retrying would give the same answer."""

    def __init__(self, purpose: str, detail: str) -> None:
        super().__init__(
            f"The provider refused the {purpose} request: {detail}",
            "The provider refused: content filter. The input may contain text its policy "
            "blocks; review it, or use a provider or local model without that filter.",
        )
        self.purpose = purpose


class LLMOutputError(LLMError):
    """The model's answer did not match the schema, even after one repair attempt."""

    def __init__(self, purpose: str, error: str, output: str) -> None:
        super().__init__(
            f"The model's answer to the {purpose} request did not match the schema: {error}",
            "Try a stronger model, or switch llm.structured_output between "
            '"json_schema" and "prompt". Every call is in the call log.',
        )
        self.purpose = purpose
        self.output = output


#: What a model step may fail with and still leave a capability's offline path to answer.
MODEL_FAILURES = (LLMOutputError, LLMRefusalError, LLMRequestError, LLMUnavailableError)
