"""Checkpoints of an analysis job: each question's result as soon as it is finished.

They are the pipeline's `Checkpoints`, kept in the job's checkpoint rows (not in the
consultation's tables, so nothing shows until the whole analysis is stored). A worker that
takes over a job whose worker died restores the finished questions instead of analysing them
again. Each key carries a fingerprint of the input, the settings and the versions of the code
that analyses (Sounding's and its libraries'), so a checkpoint is only ever reused for exactly
the analysis that wrote it: a worker upgraded to another release mid-job starts over. With a
language model, the usage so far is saved too, so the cost reported at the end covers every
attempt.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from sounding.config import Settings
from sounding.consult import model, snapshot
from sounding.llm.metered import DryRunModel, MeteredModel
from sounding.versions import package_versions
from sounding.web.jobs import checkpoints, queue
from sounding.web.jobs.models import Job


def _row_json(item: Any) -> bytes:
    """One question, response or rejection (a dataclass) as canonical JSON."""
    return json.dumps(dataclasses.asdict(item), sort_keys=True, default=str).encode()


def fingerprint(source: model.Consultation, config: Settings, use_llm: bool) -> str:
    """A digest of everything the result depends on: the responses, the settings and the
    versions of the code."""
    digest = hashlib.sha256()
    digest.update(
        json.dumps(
            [config.public_dict(), use_llm, package_versions()], sort_keys=True, default=str
        ).encode()
    )
    for rows in (source.questions, source.responses, source.rejections):
        for item in rows:
            digest.update(_row_json(item))
    digest.update(json.dumps([source.metadata_columns, source.source]).encode())
    return digest.hexdigest()


class AnalysisCheckpoints:
    """Saves and restores the questions of one job's analysis of `source`.

    A response's text is not saved again (it is most of a checkpoint's size): it is put
    back from `source`, which the fingerprint guarantees is the same input."""

    def __init__(self, job: Job, source: model.Consultation, digest: str) -> None:
        self.job = job
        self.prefix = f"question:{digest[:32]}:"
        self.texts = {(r.question_id, r.id): r.text for r in source.responses}
        found = checkpoints.load(job)
        self.saved = {k: v for k, v in found.items() if k.startswith(self.prefix)}
        self.restored: list[str] = []
        self.model: MeteredModel | DryRunModel | None = None
        if self.saved:
            queue.report(job, f"Resuming: {len(self.saved)} question(s) already analysed")

    def _key(self, question_id: str) -> str:
        return self.prefix + hashlib.sha256(question_id.encode()).hexdigest()[:32]

    def attach(self, llm: MeteredModel | DryRunModel) -> None:
        """Count `llm`'s calls from where the last attempt's checkpoints left off."""
        self.model = llm
        latest = max(self.saved.values(), key=lambda d: d["sequence"], default=None)
        if latest and latest.get("usage"):
            _set_usage(llm, latest["usage"])

    def restore(self, question_id: str) -> model.QuestionAnalysis | None:
        saved = self.saved.get(self._key(question_id))
        if saved is None or "result" not in saved:
            return None
        result = saved.pop("result")  # not needed twice: keep memory for the rest
        for outcome in result["outcomes"]:
            if outcome["text"] is None:
                outcome["text"] = self.texts[(outcome["question_id"], outcome["response_id"])]
        self.restored.append(question_id)
        return snapshot.load(result)

    def save(self, result: model.QuestionAnalysis) -> None:
        dumped = snapshot.dump(result)
        for outcome in dumped["outcomes"]:
            given = self.texts.get((outcome["question_id"], outcome["response_id"]))
            if outcome["text"] and outcome["text"] == given:
                outcome["text"] = None  # the input's own text: restored from the source
        progress = {
            "sequence": len(self.saved) + 1,
            "usage": self.model.usage.as_dict() if self.model is not None else None,
        }
        key = self._key(result.question.id)
        # JobLost if another worker has the job now.
        checkpoints.save(
            self.job, key, {"question": result.question.id, **progress, "result": dumped}
        )
        self.saved[key] = progress


def _set_usage(llm: MeteredModel | DryRunModel, saved: dict[str, Any]) -> None:
    usage = llm.usage
    usage.calls = int(saved.get("calls", 0))
    usage.cached = int(saved.get("cached_calls", 0))
    usage.prompt_tokens = int(saved.get("prompt_tokens", 0))
    usage.completion_tokens = int(saved.get("completion_tokens", 0))
    usage.cost = float(saved.get("cost", 0.0))
    usage.by_purpose = dict(saved.get("calls_by_purpose", {}))
