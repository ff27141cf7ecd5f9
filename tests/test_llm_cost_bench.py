"""The counting server of benchmarks/llm_cost.py answers what Sounding's client accepts.

The cost benchmark is only as good as its stand-in model: every answer must validate
against the project's schemas (else Sounding re-asks and the count is wrong), cover every
id of the prompt, respect stance like a model reading the labels, and be counted once.
"""

from __future__ import annotations

import asyncio
import importlib.util
import inspect
import json
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel

from sounding.llm import LLMClient, LLMSettings, count_tokens
from sounding.llm.client import response_format
from sounding.llm.prompt import Prompt
from sounding.prompts import consult as prompts

SERVER_FILE = Path(__file__).resolve().parents[1] / "benchmarks" / "counting_server.py"


@pytest.fixture(scope="module")
def counting() -> ModuleType:
    spec = importlib.util.spec_from_file_location("counting_server", SERVER_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def server(counting: ModuleType) -> Iterator:
    running = counting.CountingServer(counter=count_tokens)
    yield running
    running.close()


def answer_schemas() -> list[type[BaseModel]]:
    """Every model of the Consult prompts (answers and their parts), whatever is added."""
    return [
        obj
        for _, obj in inspect.getmembers(prompts, inspect.isclass)
        if issubclass(obj, BaseModel) and obj is not BaseModel
    ]


@pytest.mark.parametrize("schema", answer_schemas(), ids=lambda s: s.__name__)
def test_generic_answers_validate_for_every_project_schema(counting, schema) -> None:
    body = {
        "model": "m",
        "messages": [{"role": "user", "content": '<items>\n{"i1": "x"}\n</items>'}],
        "response_format": response_format(schema),
    }
    name, text = counting.answer(body)
    assert name == schema.__name__
    schema.model_validate_json(text)


def ask(server, prompt: Prompt[Any]):
    settings = LLMSettings(base_url=server.base_url, model="bench", timeout_s=10, max_retries=0)

    async def go():
        async with LLMClient(settings) as client:
            return await client.complete(
                prompt.messages, prompt.schema, purpose="p", prompt_version=prompt.version
            )

    return asyncio.run(go())


def test_over_http_answers_cover_every_id_and_are_counted(server) -> None:
    groups = {"g0": ["Buses are late every morning", "The bus never comes"], "g4": ["Fares"]}
    written = ask(server, prompts.theme_writing("Q?", "agree", groups))
    assert [t.group for t in written.value.themes] == ["g0", "g4"]
    assert written.value.themes[0].label.startswith("Buses are late")

    responses = {"r1": "buses are late every morning", "r2": "I like trains", "r3": "fares"}
    themes = {"t0": written.value.themes[0].label, "t4": written.value.themes[1].label}
    coded = ask(server, prompts.response_coding("Q?", themes, responses))
    by_id = {c.response: c.themes for c in coded.value.codings}
    assert by_id == {"r1": ["t0"], "r2": [], "r3": ["t4"]}
    assert coded.prompt_tokens > count_tokens(json.dumps(responses))

    rows = server.stats()["rows"]
    assert {r["schema"]: r["calls"] for r in rows} == {"ThemeTexts": 1, "ResponseCodings": 1}
    assert sum(r["prompt_tokens"] for r in rows) == written.prompt_tokens + coded.prompt_tokens
    assert sum(r["completion_tokens"] for r in rows) == (
        written.completion_tokens + coded.completion_tokens
    )


def test_coding_never_offers_a_theme_of_the_other_side(server) -> None:
    agree = (
        ask(server, prompts.theme_writing("Q?", "agree", {"g0": ["cheaper fares help"]}))
        .value.themes[0]
        .label
    )
    disagree = (
        ask(server, prompts.theme_writing("Q?", "disagree", {"g1": ["cheaper fares cost more"]}))
        .value.themes[0]
        .label
    )
    text = "cheaper fares cost more taxes"
    request = urllib.request.Request(
        f"{server.base_url.removesuffix('/v1')}/sides",
        data=json.dumps({text: "agree"}).encode(),
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as reply:
        assert json.loads(reply.read()) == {"registered": 1}
    coded = ask(server, prompts.response_coding("Q?", {"t0": agree, "t1": disagree}, {"r1": text}))
    assert coded.value.codings[0].themes == ["t0"]  # t1 shares more words but is the other side
