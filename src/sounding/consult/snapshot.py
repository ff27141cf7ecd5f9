"""A question's finished analysis as plain JSON and back, exactly.

A long analysis checkpoints each question as it finishes (see `Checkpoints` in the
pipeline); a run that resumes reads them back instead of recomputing. Decoding follows the
dataclasses' own type hints, so a field added to the model travels without changes here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import cache
from typing import Any

import numpy as np

from sounding.consult.model import QuestionAnalysis


def dump(result: QuestionAnalysis) -> dict[str, Any]:
    """`result` as JSON-ready values (numbers from numpy become plain Python numbers)."""
    dumped: dict[str, Any] = plain(dataclasses.asdict(result))
    return dumped


def load(data: dict[str, Any]) -> QuestionAnalysis:
    """The `QuestionAnalysis` that `dump` wrote."""
    result: QuestionAnalysis = decode(QuestionAnalysis, data)
    return result


def plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Enum):
        return value.value
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def decode(kind: Any, value: Any) -> Any:
    """`value` (from JSON) as an instance of the type `kind`."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return decode(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(kind)
        return [decode(item, v) for v in value]
    if origin is dict:
        _, item = typing.get_args(kind)
        return {k: decode(item, v) for k, v in value.items()}
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        return kind(
            **{
                f.name: decode(hints[f.name], value[f.name])
                for f in dataclasses.fields(kind)
                if f.name in value
            }
        )
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    return value
