"""Metrics Inspect's built-ins lack: a bootstrap interval, and guardrail precision and recall
per category.

Metric functions receive every sample's score; what they return is recorded in the log's
results (a dict becomes one metric per key), so the report reads intervals from the log
rather than recomputing them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from inspect_ai.scorer import Metric, SampleScore, Value, metric

#: Where a score keeps its per-item values (one per response), for the grouped bootstrap.
ITEM_VALUES = "item_values"


@metric
def interval(n: int = 1000, seed: int = 0, level: float = 0.95) -> Metric:
    """Percentile bootstrap interval of the mean (`ci_low`, `ci_high`).

    A score whose metadata has per-item values (a question's responses) is resampled within
    itself, so the interval is for the mean of per-sample means, as Consult's evaluator
    computes it; other scores are resampled as single values.
    """

    def compute(scores: list[SampleScore]) -> Value:
        from sounding.consult.evaluate import grouped_bootstrap_interval

        groups: list[Sequence[float]] = []
        for item in scores:
            value = item.score.as_float()
            if math.isnan(value):
                continue
            values = (item.score.metadata or {}).get(ITEM_VALUES)
            groups.append(values if values else [value])
        if not groups:
            return {"ci_low": math.nan, "ci_high": math.nan}
        if all(len(g) == 1 for g in groups):
            groups = [[g[0] for g in groups]]
        low, high = grouped_bootstrap_interval(groups, n, seed, level)
        return {"ci_low": round(low, 4), "ci_high": round(high, 4)}

    return compute


@metric
def category_prf(categories: Sequence[str], benign: str = "genuine") -> Metric:
    """Precision and recall of each category (`<category>_precision`, `_recall`) from the
    scores' `gold` and `predicted` metadata, and the share of benign messages blocked.
    A ratio with nothing to count is left out."""

    def compute(scores: list[SampleScore]) -> Value:
        pairs = [
            ((s.score.metadata or {}).get("gold"), (s.score.metadata or {}).get("predicted"))
            for s in scores
        ]
        out: dict[str, float | None] = {}
        for category in categories:
            hits = sum(g == category and p == category for g, p in pairs)
            predicted = sum(p == category for _, p in pairs)
            actual = sum(g == category for g, _ in pairs)
            out[f"{category}_precision"] = round(hits / predicted, 4) if predicted else None
            out[f"{category}_recall"] = round(hits / actual, 4) if actual else None
        benign_pairs = [p for g, p in pairs if g == benign]
        blocked = sum(p != benign for p in benign_pairs)
        out["benign_blocked"] = round(blocked / len(benign_pairs), 4) if benign_pairs else None
        return out

    return compute
