"""How a task's prompt says which task it is and carries its data, and how answers are read.

The same messages go to a raw model and to Sounding's system provider: the header line
(`sounding.prompts.evaluate.header`) names the task, one fenced JSON block holds the data,
and every task's answer is JSON (except a free-text answer, where the task asks for one).
Reading is lenient (fences, prose around the JSON), as a model's output often is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_HEADER = re.compile(r"Sounding evaluation task: ([a-z_]+)")
_BLOCK = re.compile(r"```json\s*\n(.*?)\n```", re.S)


def task_of(texts: Iterable[str]) -> str | None:
    """The task named by a header line in any of the messages, or None (a free chat)."""
    for text in texts:
        if found := _HEADER.search(text):
            return found.group(1)
    return None


def payload_of(texts: Iterable[str]) -> dict[str, Any]:
    """The first JSON block's object among the messages ({} when there is none)."""
    for text in texts:
        for block in _BLOCK.findall(text):
            try:
                data = json.loads(block)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                return data
    return {}


def parse_answer(text: str) -> dict[str, Any] | None:
    """The JSON object in a model's answer, or None when there is none."""
    from sounding.llm.client import extract_json  # imports openai: only when answers are read

    if not text or not text.strip():
        return None
    try:
        data = json.loads(extract_json(text))
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def string_list(value: Any) -> list[str]:
    """A list of strings from whatever a model wrote there (a string, a list, nothing)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float)]
    return []
