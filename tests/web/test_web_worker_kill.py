"""A real worker process killed with SIGKILL after its first checkpoint: a second worker
process resumes the job from there, and the stored result equals an uninterrupted run's.

Each process uses its own SQLite database under a temporary SOUNDING_HOME (so this runs the
same whichever database the rest of the suite uses); see worker_script.py.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

# Four Django processes, one killed mid-job: tens of seconds, so only when slow tests are asked.
pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("worker_script.py")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SOUNDING_CONFIG")}
    env.update(
        SOUNDING_HOME=str(home),
        DJANGO_SETTINGS_MODULE="sounding.web.settings.local",
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(home: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env=_env(home),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _query(home: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(home / "web.sqlite3", timeout=30) as db:
        return db.execute(sql).fetchall()


def _discovered(home: Path) -> list[tuple[str, str]]:
    lines = (home / "discovered.log").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split(" ", 1)) for line in lines]  # type: ignore[misc]


def test_a_sigkilled_worker_s_job_is_resumed_by_another_process(
    demo_csv: Path, tmp_path: Path
) -> None:
    killed, control = tmp_path / "killed", tmp_path / "control"
    _run(killed, "setup", str(demo_csv))
    doomed = subprocess.Popen(
        [sys.executable, str(SCRIPT), "work", "--slow"],
        env=_env(killed),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        while not _query(killed, "SELECT 1 FROM jobs_checkpoint"):
            assert doomed.poll() is None, doomed.communicate()[1][-3000:]
            assert time.monotonic() < deadline, "no checkpoint was saved"
            time.sleep(0.2)
    finally:
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.communicate()
    assert doomed.returncode == -signal.SIGKILL
    # Killed mid-job: the job is still "running", its checkpoint kept, no result shown.
    assert _query(killed, "SELECT state FROM jobs_job") == [("running",)]
    assert not _query(killed, "SELECT 1 FROM consultations_question")
    first = _discovered(killed)
    assert len(first) == 1

    _run(killed, "work", "--resume")
    resumed = json.loads(_run(killed, "dump"))
    ((state, _, attempts),) = resumed["jobs"]
    assert (state, attempts) == ("done", 2) and not resumed["checkpoints"]
    calls = _discovered(killed)
    by_question = Counter(question for _, question in calls)
    assert set(by_question.values()) == {1}, by_question  # no question analysed twice
    assert len(by_question) == len(resumed["questions"]) >= 2
    assert len({pid for pid, _ in calls}) == 2  # ...and the second process did the rest

    _run(control, "setup", str(demo_csv))
    _run(control, "work")
    uninterrupted = json.loads(_run(control, "dump"))
    for part in ("questions", "themes", "responses", "codings"):
        assert resumed[part] == uninterrupted[part], part
    pairs = [(q, r) for q, r, *_ in resumed["responses"]]
    assert len(pairs) == len(set(pairs))  # nothing stored twice
