"""The command line and the web app go through the same service functions.

Each use case is run both ways with spies on the service (and the fast word-hash embedder
standing in for the model): reading the input, analysing, and the deductive analysis that
is the command line's `--themes` and the web app's re-assign job, which must therefore
record the same settings, the embedder among them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from sounding.cli.main import app
from sounding.consult.model import Analysis
from sounding.services import consult as service
from sounding.services import inputs
from sounding.web.consultations.background import analysis
from sounding.web.consultations.models import Consultation
from sounding.web.jobs import queue, worker
from sounding.web.jobs.models import Job

pytestmark = pytest.mark.django_db


@dataclass
class Calls:
    tables_read: int = 0
    analyses: list[Analysis] = field(default_factory=list)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, word_embedder: Any) -> Calls:
    seen = Calls()
    read, analyse = inputs.consultation_from_table, service.analyse

    def reading(*args: Any, **kwargs: Any) -> Any:
        seen.tables_read += 1
        return read(*args, **kwargs)

    def analysing(*args: Any, **kwargs: Any) -> Analysis:
        seen.analyses.append(analyse(*args, **kwargs))
        return seen.analyses[-1]

    @contextmanager
    def fast_embedder(config: Any, shared: bool = False, engine: Any = None) -> Iterator[Any]:
        word_embedder.hits = word_embedder.misses = 0
        yield word_embedder

    monkeypatch.setattr(inputs, "consultation_from_table", reading)
    monkeypatch.setattr(service, "analyse", analysing)
    monkeypatch.setattr(service, "open_embedder", fast_embedder)
    return seen


def _cli(*args: str, home: Path) -> None:
    result = CliRunner().invoke(app, list(args), env={"SOUNDING_HOME": str(home)})
    assert result.exit_code == 0, result.output


def test_reading_and_analysing_go_through_the_service_from_both(
    calls: Calls, uploaded: Consultation, demo_csv: Path, tmp_path: Path
) -> None:
    _cli("consult", "analyse", str(demo_csv), "--out", str(tmp_path / "out"), home=tmp_path)
    assert (calls.tables_read, len(calls.analyses)) == (1, 1)
    assert (tmp_path / "out" / "themes.csv").exists()

    job = queue.enqueue(analysis.ANALYSE, uploaded)
    worker.run_next("web")
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    assert (calls.tables_read, len(calls.analyses)) == (2, 2)
    by_cli, by_web = calls.analyses
    assert by_web.settings["mode"] == by_cli.settings["mode"] == "discovery"
    stored = {t.key for q in uploaded.questions.all() for t in q.themes.all()}
    assert stored == {t.id for q in by_web.questions for t in q.themes}


def test_reassign_is_the_command_lines_deductive_analysis(
    calls: Calls,
    people: Any,
    uploaded: Consultation,
    demo_csv: Path,
    tmp_path: Path,
    word_embedder: Any,
) -> None:
    queue.enqueue(analysis.ANALYSE, uploaded)
    worker.run_next("web")
    question = uploaded.questions.order_by("position").first()
    assert question is not None and question.themes.exists()
    codebook = tmp_path / "codebook.csv"
    with codebook.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "label", "question"])
        writer.writerows([t.key, t.label, question.key] for t in question.themes.all())
    out = str(tmp_path / "out")
    _cli(
        "consult", "analyse", str(demo_csv), "--out", out, "--themes", str(codebook), home=tmp_path
    )

    url = reverse("consultations:question_reassign", args=[uploaded.pk, question.pk])
    assert people.client("analyst").post(url).status_code == 302
    worker.run_next("web")
    job = Job.objects.get(kind="reassign")
    assert job.state == Job.State.DONE, job.error

    _, by_cli, by_web = calls.analyses
    assert by_web.settings["embedder"] == by_cli.settings["embedder"] == word_embedder.name
    assert by_web.settings["mode"] == by_cli.settings["mode"] == "deductive"
