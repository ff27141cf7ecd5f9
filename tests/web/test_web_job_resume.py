"""An analysis job taken over after its worker died resumes from the last finished question.

The real Consult pipeline runs (with the fast word-hash embedder); the first worker is
killed right after its first checkpoint. The second worker must not analyse that question
again, and the stored result must equal an uninterrupted run's, with nothing duplicated and
nothing visible before the whole job is done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from sounding.config import Settings
from sounding.consult import snapshot
from sounding.services import consult as service
from sounding.web.consultations.background import analysis, analysis_checkpoints
from sounding.web.consultations.background.analysis_checkpoints import AnalysisCheckpoints
from sounding.web.consultations.models import Consultation, Question, Response, Theme
from sounding.web.jobs import checkpoints, queue, worker
from sounding.web.jobs.models import Checkpoint, Job

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands in for SIGKILL: nothing in the worker catches it, nothing is cleaned up."""


@pytest.fixture
def discovered(monkeypatch: pytest.MonkeyPatch, word_embedder) -> Counter[str]:  # type: ignore[no-untyped-def]
    """Run the real pipeline with the word-hash embedder, counting discovery per question."""
    calls: Counter[str] = Counter()

    @contextmanager
    def fast_embedder(config: Any, shared: bool = False, engine: Any = None) -> Iterator[Any]:
        word_embedder.hits = word_embedder.misses = 0
        yield word_embedder

    build = service.build_pipeline

    def counting_pipeline(*args: Any, **kwargs: Any) -> Any:
        pipeline = build(*args, **kwargs)
        inner = pipeline.discoverer

        class Counting:
            def discover(self, data: Any, embedder: Any) -> Any:
                calls[data.question_id] += 1
                return inner.discover(data, embedder)

        pipeline.discoverer = Counting()
        return pipeline

    monkeypatch.setattr(service, "open_embedder", fast_embedder)
    monkeypatch.setattr(service, "build_pipeline", counting_pipeline)
    return calls


def _stored(consultation: Consultation) -> dict[str, Any]:
    """Everything the analysis stored, by keys rather than database ids."""
    responses = Response.objects.filter(consultation=consultation)
    pairs = list(responses.values_list("question__key", "respondent_id"))
    assert len(pairs) == len(set(pairs)), "a response was stored twice"
    meta = {k: v for k, v in consultation.analysis_meta.items() if k != "timings"}
    return {
        "questions": list(
            Question.objects.filter(consultation=consultation).values_list(
                "key", "text", "position", "campaigns"
            )
        ),
        "themes": sorted(
            Theme.objects.filter(question__consultation=consultation).values_list(
                "question__key", "key", "label", "description", "stance", "quotes", "position"
            )
        ),
        "responses": sorted(
            responses.values_list(
                "question__key",
                "respondent_id",
                "status",
                "stance",
                "duplicate_of",
                "campaign_id",
                "flags",
                "position",
            )
        ),
        "codings": sorted(
            responses.values_list("question__key", "respondent_id", "codings__theme__key")
        ),
        "scores": sorted(
            responses.filter(codings__isnull=False).values_list(
                "respondent_id", "codings__theme__key", "codings__score"
            )
        ),
        "meta": meta,
    }


def _stale(job: Job) -> None:
    old = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(heartbeat=old)


def test_a_killed_worker_s_job_resumes_from_its_checkpoint(
    uploaded: Consultation, discovered: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save = AnalysisCheckpoints.save

    def save_then_die(self: AnalysisCheckpoints, result: Any) -> None:
        save(self, result)
        raise WorkerKilled

    monkeypatch.setattr(AnalysisCheckpoints, "save", save_then_die)
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    with pytest.raises(WorkerKilled):
        worker.run_next("worker-that-dies")
    first_done = [q for q, n in discovered.items() if n]
    assert len(first_done) == 1
    # The finished question is kept with the job, not in the consultation's tables.
    job.refresh_from_db()
    assert job.state == "running" and Checkpoint.objects.filter(job=job).count() == 1
    assert not Question.objects.filter(consultation=uploaded).exists()
    outcomes = Checkpoint.objects.get(job=job).data["result"]["outcomes"]
    assert outcomes and not [o["text"] for o in outcomes if o["text"]]  # texts: from the file

    monkeypatch.setattr(AnalysisCheckpoints, "save", save)
    assert queue.claim("too-early") is None  # the dead worker's heartbeat is still fresh
    _stale(job)
    worker.run_next("second-worker")
    job.refresh_from_db()
    assert job.state == "done", job.error
    assert job.worker == "second-worker" and job.attempts == 2
    questions = list(Question.objects.filter(consultation=uploaded).values_list("key", flat=True))
    assert len(questions) >= 2
    assert discovered == Counter(dict.fromkeys(questions, 1))  # nothing analysed twice
    assert not Checkpoint.objects.exists()  # done: the results hold everything
    uploaded.refresh_from_db()
    assert uploaded.state == "ready"
    assert uploaded.analysis_meta["timings"]["resumed_questions"] == 1
    resumed = _stored(uploaded)

    # The same analysis without interruption stores exactly the same thing.
    discovered.clear()
    queue.enqueue(analysis.ANALYSE, uploaded)
    worker.run_next("uninterrupted")
    assert discovered == Counter(dict.fromkeys(questions, 1))
    assert _stored(uploaded) == resumed


def test_checkpoints_of_other_input_are_not_reused(
    uploaded: Consultation, discovered: Counter[str]
) -> None:
    job = queue.enqueue(analysis.ANALYSE, uploaded)
    claimed = queue.claim("w")
    assert claimed is not None
    source = analysis.load_source(uploaded)
    kept = AnalysisCheckpoints(claimed, source, "a" * 64)
    question = source.questions[0]
    from sounding.consult.model import QuestionAnalysis

    kept.save(QuestionAnalysis(question, [], [], [], [], []))
    assert AnalysisCheckpoints(claimed, source, "a" * 64).restore(question.id) is not None
    assert AnalysisCheckpoints(claimed, source, "b" * 64).restore(question.id) is None
    assert Checkpoint.objects.filter(job=job).count() == 1


def test_the_fingerprint_changes_with_the_code_that_analyses(
    uploaded: Consultation, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = analysis.load_source(uploaded)
    config = Settings(show_progress=False)
    before = analysis_checkpoints.fingerprint(source, config, False)
    assert analysis_checkpoints.fingerprint(source, config, False) == before
    upgraded = {**analysis_checkpoints.package_versions(), "sounding": "99.0"}
    monkeypatch.setattr(analysis_checkpoints, "package_versions", lambda: upgraded)
    assert analysis_checkpoints.fingerprint(source, config, False) != before


def test_a_worker_that_lost_its_job_stops_without_writing(uploaded: Consultation) -> None:
    queue.enqueue(analysis.ANALYSE, uploaded)
    first = queue.claim("slow-worker")
    assert first is not None
    _stale(first)
    second = queue.claim("new-owner")
    assert second is not None and second.pk == first.pk
    with pytest.raises(checkpoints.JobLost):
        checkpoints.save(first, "question:x", {"a": 1})
    assert not Checkpoint.objects.exists()

    def lost(job: Job) -> None:
        checkpoints.save(job, "question:y", {})

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(analysis, "analyse_source", lambda *a: lost(first))
    try:
        worker.run_job(first)  # the slow worker carries on with its stale copy
    finally:
        monkeypatch.undo()
    second.refresh_from_db()
    assert second.state == "running" and second.worker == "new-owner" and not second.error
    uploaded.refresh_from_db()
    assert uploaded.state == "uploaded"  # not marked failed: the new owner is running it


def test_snapshot_round_trip(demo_result) -> None:  # type: ignore[no-untyped-def]
    for result in demo_result[1].questions:
        assert snapshot.load(snapshot.dump(result)) == result
