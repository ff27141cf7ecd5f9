"""What one request to a model declares: its messages, the schema of the answer, and the
items it asks about, so that a dry run can stand in for the model without reading the text.

A capability's prompts (see `sounding.prompts`) build a `Prompt` for each request; its
`Answer` schema says what a neutral answer to those items is and about how many tokens a
real one would take. Adding a prompt is then one module: no estimator learns its shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, Self, TypeVar

from pydantic import BaseModel

#: The ids a prompt asks about, by what they are ("responses": ["r1", "r2"], …).
Asked = Mapping[str, Sequence[str]]


class Answer(BaseModel):
    """A schema the model must answer in, able to answer for it in a dry run."""

    @classmethod
    def neutral(cls, asked: Asked) -> Self:
        """The answer that changes nothing: every item answered, nothing claimed."""
        raise NotImplementedError(f"{cls.__name__} declares no neutral answer")

    @classmethod
    def completion_tokens(cls, asked: Asked) -> int:
        """About how many tokens a real answer about `asked` takes."""
        raise NotImplementedError(f"{cls.__name__} declares no answer size")


A = TypeVar("A", bound=Answer)


@dataclass(frozen=True)
class Prompt(Generic[A]):
    """One request: `messages` to send, the `schema` of the answer, the items `asked`
    about, and the `version` of the wording (recorded in the call log)."""

    messages: list[dict[str, Any]]
    schema: type[A]
    asked: Asked
    version: str


class StructuredModel(Protocol):
    """What a capability needs from a language model: one validated structured answer per
    prompt (a real model, a dry run, or a test's script)."""

    async def ask(self, prompt: Prompt[A], purpose: str) -> A: ...
