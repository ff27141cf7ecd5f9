"""A real worker process for test_web_worker_kill: set up a consultation, run the worker (with
the word-hash embedder, logging each question it analyses), or dump what was stored.

    python worker_script.py setup CSV | work [--slow] [--resume] | dump

SOUNDING_HOME (and so the SQLite database) comes from the environment. With --slow the
worker sleeps after saving each checkpoint, so the test can kill it there; with --resume it
first ages the running job's heartbeat, as if the dead worker had been silent long enough.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/, for the word-hash embedder


def setup(csv: Path) -> None:
    from django.core.files import File

    from sounding.files.columns import detect_columns
    from sounding.web.consultations.background.analysis import ANALYSE
    from sounding.web.consultations.files.columns import plan_overrides
    from sounding.web.consultations.files.uploads import save_upload
    from sounding.web.consultations.models import Consultation
    from sounding.web.jobs import queue

    consultation = Consultation.objects.create(name="Killed")
    with csv.open("rb") as handle:
        table = save_upload(consultation, File(handle, name=csv.name))
    consultation.columns = plan_overrides(detect_columns(table))
    consultation.state = Consultation.State.ANALYSING
    consultation.save()
    queue.enqueue(ANALYSE, consultation)


def work(slow: bool, resume: bool) -> None:
    from django.utils import timezone

    from conftest import WordHashEmbedder
    from sounding.services import consult as service
    from sounding.web.consultations.background.analysis_checkpoints import AnalysisCheckpoints
    from sounding.web.jobs.models import Job
    from sounding.web.jobs.worker import run_forever

    embedder = WordHashEmbedder()
    embedder.hits = embedder.misses = 0  # type: ignore[attr-defined]

    @contextmanager
    def fast_embedder(config: Any, shared: bool = False, engine: Any = None) -> Iterator[Any]:
        yield embedder

    build = service.build_pipeline
    log = Path(os.environ["SOUNDING_HOME"]) / "discovered.log"

    def logging_pipeline(*args: Any, **kwargs: Any) -> Any:
        pipeline = build(*args, **kwargs)
        inner = pipeline.discoverer

        class Logging:
            def discover(self, data: Any, embedder: Any) -> Any:
                with log.open("a", encoding="utf-8") as handle:
                    handle.write(f"{os.getpid()} {data.question_id}\n")
                return inner.discover(data, embedder)

        pipeline.discoverer = Logging()
        return pipeline

    service.open_embedder = fast_embedder  # type: ignore[assignment]
    service.build_pipeline = logging_pipeline  # type: ignore[assignment]
    if slow:
        save = AnalysisCheckpoints.save

        def save_then_wait(self: AnalysisCheckpoints, result: Any) -> None:
            save(self, result)
            print("checkpoint saved", flush=True)
            time.sleep(600)  # killed here

        AnalysisCheckpoints.save = save_then_wait  # type: ignore[method-assign]
    if resume:
        old = timezone.now() - timedelta(hours=1)
        Job.objects.filter(state=Job.State.RUNNING).update(heartbeat=old)
    run_forever(once=True)


def dump() -> None:
    from sounding.web.consultations.models import Question, Response, Theme
    from sounding.web.jobs.models import Checkpoint, Job

    responses = Response.objects.all()
    print(
        json.dumps(
            {
                "jobs": list(Job.objects.values_list("state", "worker", "attempts")),
                "checkpoints": Checkpoint.objects.count(),
                "questions": list(Question.objects.values_list("key", "position")),
                "themes": sorted(
                    Theme.objects.values_list("question__key", "key", "label", "quotes")
                ),
                "responses": sorted(
                    responses.values_list("question__key", "respondent_id", "status", "flags")
                ),
                "codings": sorted(
                    responses.filter(codings__isnull=False).values_list(
                        "question__key", "respondent_id", "codings__theme__key", "codings__score"
                    )
                ),
            }
        )
    )


def main() -> None:
    from sounding.web.entry import setup as django_setup

    django_setup()
    command, *args = sys.argv[1:]
    if command == "setup":
        setup(Path(args[0]))
    elif command == "work":
        work(slow="--slow" in args, resume="--resume" in args)
    elif command == "dump":
        dump()
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
