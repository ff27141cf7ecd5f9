"""The data files Evaluate ships (`sounding/evaluate/data`, written for the project)."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_text(name: str) -> str:
    return resources.files("sounding.evaluate").joinpath("data", name).read_text("utf-8")


def read_jsonl(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in read_text(name).splitlines() if line.strip()]


def read_json(name: str) -> Any:
    return json.loads(read_text(name))
