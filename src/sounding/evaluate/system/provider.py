"""`sounding/<capability>`: an Inspect model provider that is Sounding itself.

A task's prompt names the task (`sounding.evaluate.protocol`); the provider hands its data
to the capability the task is for and answers in the task's format, recording in the
output's metadata what the pipeline did and every text it sent to a model. With no model
it runs offline. `sounding/consult`, `sounding/ask` and `sounding/assist` each run one
capability and mark other tasks' samples not applicable; `sounding/system` runs them all.
A prompt with no task header is a chat: Ask answers it (or Consult or Assist, named alone).

Model arguments (`-M`): `wrap` an Inspect model to wrap (e.g. openai/gpt-4o-mini,
mockllm/model); `llm=true` the model sounding.toml's [llm] configures; `config` the path of
a sounding.toml (else the usual settings: SOUNDING_* variables, ./sounding.toml);
`guidance` what Ask answers a chat from: shipped (default), govuk, or home (the index
`sounding ask index` built in SOUNDING_HOME). A task's prompt names its own guidance.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from inspect_ai.model import (
    ChatMessage,
    ChatMessageUser,
    GenerateConfig,
    ModelAPI,
    ModelOutput,
    get_model,
)
from inspect_ai.tool import ToolChoice, ToolInfo

from sounding.config import Settings
from sounding.evaluate.protocol import payload_of, task_of
from sounding.evaluate.scorers.common import SYSTEM_KEY
from sounding.evaluate.settings import evaluation_settings
from sounding.evaluate.system.inner import InspectModel, Recorded
from sounding.llm.prompt import StructuredModel

CAPABILITIES = ("consult", "ask", "assist", "system")
TASK_CAPABILITY = {
    "consult_mapping": "consult",
    "consult_discovery": "consult",
    "consult_injection": "consult",
    "ask_grounding": "ask",
    "ask_jailbreak": "ask",
    "assist_citations": "assist",
}
#: pii_leakage's kinds of input, and the capability that receives each.
PII_CAPABILITY = {"question": "ask", "responses": "consult", "document": "assist"}
DEFAULT_GUIDANCE = "shipped"
DEFAULT_CONFIG = GenerateConfig()


class ModelUnreachable(RuntimeError):
    """Calls to the model a sounding/* model wraps failed during a sample."""


def _flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class SoundingSystem(ModelAPI):
    """Sounding's pipelines behind Inspect's model interface (see the module docstring)."""

    def __init__(
        self,
        model_name: str,
        base_url: str | None = None,
        api_key: str | None = None,
        config: GenerateConfig = DEFAULT_CONFIG,
        **model_args: Any,
    ) -> None:
        super().__init__(model_name, base_url, api_key, [], config)
        if model_name not in CAPABILITIES:
            raise ValueError(
                f"Unknown Sounding provider sounding/{model_name}; use one of "
                + ", ".join(f"sounding/{c}" for c in CAPABILITIES)
                + "."
            )
        self.capability = model_name
        # "settings", not "config": Inspect's get_model() has a `config` of its own.
        self.config_file = str(model_args.get("settings") or "") or None
        self.inner_name = str(model_args.get("wrap") or "") or None
        self.use_llm = _flag(model_args.get("llm", False))
        self.guidance = str(model_args.get("guidance") or DEFAULT_GUIDANCE)
        if self.inner_name and self.use_llm:
            raise ValueError("Give either wrap=… (an Inspect model) or llm=true, not both.")

    def max_connections(self) -> int:
        # Offline work is CPU-bound and serialised on one embedding model: a few at a time.
        return 4

    @property
    def settings(self) -> Settings:
        """Read per use, so a change of SOUNDING_* variables or sounding.toml between runs
        in one process (Inspect keeps providers) is seen."""
        return evaluation_settings(self.config_file)

    def describe(self, settings: Settings) -> str:
        if self.inner_name:
            return f"around {self.inner_name}"
        if self.use_llm and settings.llm is not None:
            return f"around {settings.llm.model or 'the configured model'}"
        return "offline (no model)"

    @contextmanager
    def _inner(self, settings: Settings) -> Iterator[StructuredModel | None]:
        """The model the pipeline may call, if any (opened per sample)."""
        if self.inner_name:
            loop = asyncio.get_running_loop()
            yield InspectModel(get_model(self.inner_name), loop)
        elif self.use_llm:
            from sounding.services.model import open_model

            with open_model(settings) as model:
                yield model
        else:
            yield None

    def route(self, task: str | None, payload: dict[str, Any]) -> str:
        """The capability a prompt is for."""
        if task == "pii_leakage":
            return PII_CAPABILITY.get(str(payload.get("kind")), "ask")
        if task is None:
            return "ask" if self.capability == "system" else self.capability
        return TASK_CAPABILITY.get(task, "ask")

    async def generate(
        self,
        input: list[ChatMessage],
        tools: list[ToolInfo],
        tool_choice: ToolChoice,
        config: GenerateConfig,
    ) -> ModelOutput:
        texts = [m.text for m in input]
        task, payload = task_of(texts), payload_of(texts)
        capability = self.route(task, payload)
        settings = self.settings
        record: dict[str, Any] = {
            "task": task,
            "capability": capability,
            "run": self.describe(settings),
        }
        if self.capability not in ("system", capability):
            record["not_applicable"] = True
            content = f"sounding/{self.capability} does not run {capability}'s tasks."
            return self._output(content, {**record, "sent": []})
        question = next((m.text for m in reversed(input) if isinstance(m, ChatMessageUser)), "")
        with self._inner(settings) as inner:
            model = Recorded(inner) if inner is not None else None
            if capability == "consult":
                content, extra = await self._consult(task, payload, settings, model)
            elif capability == "assist":
                content, extra = await self._assist(payload, question, settings, model)
            else:
                content, extra = await self._ask(task, payload, question, settings, model)
        if model is not None and model.failures:
            # Each pipeline falls back to its offline answer when a model call fails: scored,
            # that would be reported as the model's. The sample fails instead, saying why.
            raise ModelUnreachable(
                f"{len(model.failures)} of {model.calls} calls to the model failed "
                f"({model.failures[0]}), so the answer would be Sounding's own offline one: "
                "check the model's address and that it is running."
            )
        record.update(extra)
        record["sent"] = model.sent if model is not None else []
        record["model_calls"] = model.calls if model is not None else 0
        return self._output(content, record)

    def _output(self, content: str, record: dict[str, Any]) -> ModelOutput:
        output = ModelOutput.from_content(model=f"sounding/{self.capability}", content=content)
        output.metadata = {SYSTEM_KEY: record}
        return output

    async def _consult(
        self,
        task: str | None,
        payload: dict[str, Any],
        settings: Settings,
        model: Recorded | None,
    ) -> tuple[str, dict[str, Any]]:
        from sounding.evaluate.system import consult

        if not payload.get("responses"):
            return "Consult analyses a JSON block of responses; this prompt has none.", {}
        if task == "pii_leakage":
            shape = "summary"
        elif task == "consult_discovery" or "themes" not in payload:
            shape = "discovery"
        else:
            shape = "mapping"
        analysis = await asyncio.to_thread(
            consult.analyse_payload, payload, settings, model, shape == "mapping"
        )
        return json.dumps(consult.answer_of(analysis, shape)), consult.record_of(analysis)

    async def _assist(
        self,
        payload: dict[str, Any],
        question: str,
        settings: Settings,
        model: Recorded | None,
    ) -> tuple[str, dict[str, Any]]:
        from sounding.evaluate.system import assist

        document = payload.get("document")
        if not isinstance(document, dict):
            return "There is no document in this prompt for Assist to answer from.", {}
        asked = str(payload.get("question") or question)
        answer = await assist.ask(document, asked, settings, model)
        return json.dumps(assist.citations_answer(answer)), {
            "status": answer.status,
            "notes": list(answer.notes),
        }

    async def _ask(
        self,
        task: str | None,
        payload: dict[str, Any],
        question: str,
        settings: Settings,
        model: Recorded | None,
    ) -> tuple[str, dict[str, Any]]:
        from sounding.evaluate.system import ask

        guidance = str(payload.get("guidance") or self.guidance)
        state = await ask.ask(question, guidance, settings, model)
        if task == "ask_grounding":
            content = json.dumps(ask.grounding_answer(state))
        elif task == "ask_jailbreak":
            label = ask.GUARDRAIL_LABELS.get(state.status, "genuine") if state.status else "genuine"
            content = json.dumps({"label": label})
        else:
            content = ask.chat_answer(state)
        return content, ask.record_of(state)
