"""The model a system provider wraps, as Sounding's pipelines expect one, and a record of
what was sent to it (pii_leakage checks that no personal data was)."""

from __future__ import annotations

import asyncio
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ChatMessageAssistant,
    ChatMessageSystem,
    ChatMessageUser,
    Model,
)
from pydantic import ValidationError

from sounding.llm.client import extract_json, request_messages
from sounding.llm.errors import LLMOutputError, LLMRequestError, LLMUnavailableError
from sounding.llm.prompt import A, Prompt, StructuredModel
from sounding.llm.settings import LLMSettings

#: The schema goes into the system message, as for servers without structured output.
_PROMPT_MODE = LLMSettings(structured_output="prompt")


def _chat(messages: list[dict[str, Any]]) -> list[ChatMessage]:
    out: list[ChatMessage] = []
    for message in messages:
        content = str(message.get("content") or "")
        role = message.get("role")
        if role == "system":
            out.append(ChatMessageSystem(content=content))
        elif role == "assistant":
            out.append(ChatMessageAssistant(content=content))
        else:
            out.append(ChatMessageUser(content=content))
    return out


class InspectModel:
    """Any Inspect model as a `StructuredModel`: the schema in the prompt, the answer
    validated (an invalid one raises LLMOutputError, which every pipeline falls back from).

    Consult's pipeline runs in a worker thread with event loops of its own; its calls are
    sent back to the loop the model belongs to.
    """

    def __init__(self, model: Model, loop: asyncio.AbstractEventLoop) -> None:
        self.model = model
        self.loop = loop

    async def ask(self, prompt: Prompt[A], purpose: str) -> A:
        if asyncio.get_running_loop() is self.loop:
            return await self._ask(prompt, purpose)
        future = asyncio.run_coroutine_threadsafe(self._ask(prompt, purpose), self.loop)
        return await asyncio.wrap_future(future)

    async def _ask(self, prompt: Prompt[A], purpose: str) -> A:
        messages = request_messages(_PROMPT_MODE, prompt.messages, prompt.schema)
        output = await self.model.generate(_chat(messages))
        try:
            return prompt.schema.model_validate_json(extract_json(output.completion))
        except ValidationError as error:
            raise LLMOutputError(purpose, str(error)[:300], output.completion) from error


class Recorded:
    """Passes calls on, keeping the text of every message sent and every call the model
    never answered (unreachable, or the request refused): the pipelines answer without the
    model then, and that answer is not the model's. A model that answers nonsense did answer;
    the pipeline's falling back from it is the system's own behaviour, and is scored."""

    def __init__(self, inner: StructuredModel) -> None:
        self.inner = inner
        self.sent: list[str] = []
        self.calls = 0
        self.failures: list[str] = []

    async def ask(self, prompt: Prompt[A], purpose: str) -> A:
        self.calls += 1
        self.sent.extend(str(m.get("content") or "") for m in prompt.messages)
        try:
            return await self.inner.ask(prompt, purpose)
        except (LLMUnavailableError, LLMRequestError) as error:
            self.failures.append(f"{purpose}: {type(error).__name__}")
            raise
