"""Resuming an interrupted analysis: questions a checkpoint holds are not analysed again,
and the result is the same as an uninterrupted run's."""

from __future__ import annotations

from typing import Any

from sounding.consult import snapshot
from sounding.consult.model import QuestionAnalysis
from sounding.consult.pipeline import ConsultPipeline
from sounding.demo.consultation import QUESTIONS, write_demo
from sounding.services.inputs import read_consultation


class Store:
    """Checkpoints in a dict, through JSON as a database would keep them."""

    def __init__(self) -> None:
        self.saved: dict[str, dict[str, Any]] = {}

    def restore(self, question_id: str) -> QuestionAnalysis | None:
        data = self.saved.get(question_id)
        return snapshot.load(data) if data is not None else None

    def save(self, result: QuestionAnalysis) -> None:
        self.saved[result.question.id] = snapshot.dump(result)


def test_a_resumed_run_skips_saved_questions_and_matches(tmp_path, word_embedder) -> None:  # type: ignore[no-untyped-def]
    path = write_demo(tmp_path / "demo.csv", respondents=60, seed=5)
    consultation = read_consultation(path, question_texts=QUESTIONS)[0]
    whole = ConsultPipeline(embedder=word_embedder).run(consultation)

    store = Store()
    ConsultPipeline(embedder=word_embedder).run(consultation, checkpoints=store)
    assert set(store.saved) == {q.id for q in consultation.questions}
    first = consultation.questions[0].id
    store.saved = {first: store.saved[first]}  # as if killed after the first question

    pipeline = ConsultPipeline(embedder=word_embedder)
    seen: list[str] = []
    inner = pipeline.discoverer

    class Watching:
        def discover(self, data: Any, embedder: Any) -> Any:
            seen.append(data.question_id)
            return inner.discover(data, embedder)

    pipeline.discoverer = Watching()  # type: ignore[assignment]
    resumed = pipeline.run(consultation, checkpoints=store)
    assert first not in seen and len(seen) == len(consultation.questions) - 1
    assert resumed.questions == whole.questions
    assert resumed.links == whole.links
    assert resumed.timings["resumed_questions"] == 1
