"""What Inspect's entry point loads (`[project.entry-points.inspect_ai] sounding = ...`):
the tasks, as `sounding/<task>`, and the system providers, as `sounding/<capability>`.

Loading it also lets Inspect count tokens offline (`sounding.evaluate.offline`). The
provider class is imported only when a `sounding/…` model is asked for, so listing or
running other packages' tasks does not load Sounding's pipelines.
"""

from __future__ import annotations

from inspect_ai.model import ModelAPI, modelapi

from sounding.evaluate.offline import allow_offline_token_counts
from sounding.evaluate.tasks import (
    ask_grounding,
    ask_jailbreak,
    assist_citations,
    consult_discovery,
    consult_injection,
    consult_mapping,
    pii_leakage,
)

allow_offline_token_counts()


@modelapi(name="sounding")
def sounding() -> type[ModelAPI]:
    from sounding.evaluate.system.provider import SoundingSystem

    return SoundingSystem


__all__ = [
    "ask_grounding",
    "ask_jailbreak",
    "assist_citations",
    "consult_discovery",
    "consult_injection",
    "consult_mapping",
    "pii_leakage",
    "sounding",
]
