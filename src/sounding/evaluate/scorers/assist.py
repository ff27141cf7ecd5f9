"""Scoring assist_citations: a citation counts only if its page holds its quote, checked as
Assist checks a model's quotes (`sounding.retrieval.extract.quoted_in`)."""

from __future__ import annotations

from typing import Any

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState

from sounding.evaluate.protocol import parse_answer
from sounding.evaluate.scorers.common import completion, ratio
from sounding.retrieval.extract import quoted_in


def citations_of(answer: dict[str, Any] | None) -> list[tuple[int | None, str]]:
    found = answer.get("citations") if answer else None
    if not isinstance(found, list):
        return []
    out = []
    for item in found:
        if not isinstance(item, dict):
            continue
        try:
            page = int(item.get("page"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            page = None
        out.append((page, str(item.get("quote") or "")))
    return out


@scorer(metrics={"quotes_hold": [mean(), stderr()], "right_page": [mean()], "cited": [mean()]})
def citations_hold() -> Scorer:
    """Share of citations whose page holds the quote (0 with no citation), whether a
    holding citation is on the page that answers, and whether anything was cited."""

    async def score(state: TaskState, target: Target) -> Score:
        pages = {int(p["page"]): str(p["text"]) for p in state.metadata["pages"]}
        gold = int(state.metadata["page"])
        answer = parse_answer(completion(state))
        cited = citations_of(answer)
        holding = [page for page, quote in cited if page in pages and quoted_in(quote, pages[page])]
        share = ratio(len(holding), len(cited)) if cited else 0.0
        return Score(
            value={
                "quotes_hold": round(share, 4),
                "right_page": float(gold in holding),
                "cited": float(bool(cited)),
            },
            answer=f"cited pages {[p for p, _ in cited]}",
            explanation=f"{len(holding)} of {len(cited)} quotes found on the page cited; "
            f"the answer is on page {gold}" + ("" if answer else "; no JSON answer"),
        )

    return score
