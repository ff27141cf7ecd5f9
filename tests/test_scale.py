"""Consult at scale: sharded stages, resuming a stopped run, and the Ray engine.

Each sharded stage must give exactly what it gives in one piece; a run killed and started
again must end with exactly the result of a run never stopped; the Ray engine must give
exactly what this process gives.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from sounding.config import Settings
from sounding.consult import assign as assign_module
from sounding.consult.assign import SimilarityAssigner
from sounding.consult.duplicates import DuplicateFinder
from sounding.consult.model import Stance
from sounding.consult.stages import Discovery, QuestionData, ThemeSeed
from sounding.demo.consultation import generate_labelled_demo, iter_labelled_demo, write_demo
from sounding.demo.phrases import CAMPAIGN_GREETING, CAMPAIGN_Q2
from sounding.embeddings.base import normalise_rows
from sounding.embeddings.cached import CachedEmbedder
from sounding.services.inputs import read_consultation
from sounding.storage.checkpoints import FileCheckpoints, run_digest
from sounding.storage.vector_cache import VectorCache

SOUNDING = str(Path(sys.executable).with_name("sounding"))
OUTPUTS = ("themes.csv", "assignments.csv", "responses.csv", "campaigns.csv", "breakdown.csv")


def test_the_demo_streams_the_rows_it_always_generated_and_sets_the_campaign_share():
    rows = generate_labelled_demo(400, seed=3)
    assert [r.row for r in iter_labelled_demo(400, seed=3)] == [r.row for r in rows]
    answers = [
        r.row[c]
        for r in iter_labelled_demo(3000, campaign_share=0.58)
        for c in ("q1_explain", "q2_exemptions", "q3_impact")
    ]
    copies = sum(CAMPAIGN_GREETING in a or a == CAMPAIGN_Q2 for a in answers)
    assert 0.27 <= copies / len(answers) <= 0.33
    with pytest.raises(ValueError):
        next(iter_labelled_demo(10, campaign_share=0.95))


def test_near_duplicates_found_shard_by_shard_are_those_found_in_one_piece():
    letter = "we object to the charge because our narrow streets have nowhere else to park"
    keys = [f"{letter} signed resident {i % 7}" for i in range(40)]
    keys += [
        f"a different point number {i} about buses and trains and trams today" for i in range(30)
    ]
    whole = DuplicateFinder().find(keys)
    sharded = DuplicateFinder(shard_size=3).find(keys)
    assert sharded == whole and whole and max(g.size for g in whole) >= 35


def test_assignment_in_blocks_is_assignment_in_one_piece(monkeypatch: pytest.MonkeyPatch):
    rng = np.random.default_rng(4)
    centres = normalise_rows(rng.normal(size=(3, 32)).astype(np.float32))
    vectors = normalise_rows(
        np.vstack([centres[i % 3] + 0.4 * rng.normal(size=32) for i in range(300)]).astype(
            np.float32
        )
    )
    seeds = [
        ThemeSeed(f"theme {t}", "", Stance.NEUTRAL, centres[t], centres[t], list(range(t, 60, 3)))
        for t in range(3)
    ]
    data = QuestionData(["x"] * 300, vectors, np.ones(300), [Stance.NEUTRAL] * 300)
    whole = SimilarityAssigner().assign(data, Discovery(seeds)).themes
    monkeypatch.setattr(assign_module, "BLOCK", 7)
    blocks = SimilarityAssigner().assign(data, Discovery(seeds)).themes
    assert [[t for t, _ in p] for p in blocks] == [[t for t, _ in p] for p in whole]
    np.testing.assert_allclose(
        [s for p in blocks for _, s in p], [s for p in whole for _, s in p], atol=1e-6
    )
    assert sum(1 for p in whole if p) > 250


def test_a_stopped_run_embeds_the_rest_in_the_parts_an_unstopped_run_used(
    tmp_path: Path, word_embedder
):
    """bfloat16 vectors depend on the batch a text is embedded in, so a resumed run must
    embed what is left in exactly the batches a run never stopped would have used."""
    texts = [f"answer {i} {'about buses ' * (i % 5)}" for i in range(11)]
    whole = CachedEmbedder(word_embedder, VectorCache(tmp_path / "a"), part_size=4)
    whole.embed(texts)
    batches = list(word_embedder.calls)
    assert batches == [4, 4, 3]

    class Killed(Exception):
        pass

    word_embedder.calls.clear()
    real = type(word_embedder).embed

    def dies_on_the_second_part(batch, progress=None):
        if word_embedder.calls:
            raise Killed
        return real(word_embedder, batch, progress)

    path = tmp_path / "b"
    word_embedder.embed = dies_on_the_second_part
    with pytest.raises(Killed):
        CachedEmbedder(word_embedder, VectorCache(path), part_size=4).embed(texts)
    del word_embedder.embed
    word_embedder.calls.clear()
    resumed = CachedEmbedder(word_embedder, VectorCache(path), part_size=4)
    resumed.embed(texts)
    assert word_embedder.calls == batches[1:]
    assert (resumed.hits, resumed.misses) == (4, 7)


def test_checkpoints_round_trip_and_the_digest_follows_input_and_settings(tmp_path: Path):
    data = write_demo(tmp_path / "demo.csv", respondents=30)
    consultation, _ = read_consultation(data)
    settings = Settings(home=tmp_path / "home").public_dict()
    digest = run_digest(consultation, settings)
    assert digest == run_digest(consultation, settings)
    assert digest != run_digest(consultation, {**settings, "max_embed_words": 99})
    consultation.responses[0] = replace(consultation.responses[0], text="changed")
    assert digest != run_digest(consultation, settings)
    store = FileCheckpoints(tmp_path / "runs" / digest)
    assert store.restore("q1") is None
    (store.folder).mkdir(parents=True)
    store._path("q1").write_text("{cut sho")  # a file cut short is not trusted
    assert store.restore("q1") is None


def _analyse(data: Path, out: Path, home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "SOUNDING_HOME": str(home),
        # bfloat16 sums depend on the thread count: every run compared here uses one.
        "SOUNDING_EMBEDDING_THREADS": "1",
    }
    return subprocess.Popen(
        [SOUNDING, "consult", "analyse", str(data), "--out", str(out), "--no-progress", *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _same_outputs(a: Path, b: Path) -> None:
    for name in OUTPUTS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A 250-respondent demo (30% campaign copies) and its analysis by a run never stopped."""
    folder = tmp_path_factory.mktemp("scale")
    data = write_demo(folder / "demo.csv", respondents=250, campaign_share=0.58)
    run = _analyse(data, folder / "whole", folder / "home-whole")
    output, _ = run.communicate(timeout=600)
    assert run.returncode == 0, output
    return data, folder / "whole"


def test_a_run_killed_after_a_question_resumes_with_identical_results(
    demo_run: tuple[Path, Path], tmp_path: Path
):
    data, whole = demo_run
    home = tmp_path / "home"
    run = _analyse(data, tmp_path / "out", home)
    deadline = time.monotonic() + 300
    while not list(home.glob("runs/*/*.pickle")):
        assert run.poll() is None, "the run ended before a question was checkpointed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert not (tmp_path / "out" / "themes.csv").exists()

    again = _analyse(data, tmp_path / "out", home)
    output, _ = again.communicate(timeout=600)
    assert again.returncode == 0, output
    assert "Resumed: " in output
    _same_outputs(whole, tmp_path / "out")
    assert not list(home.glob("runs/*")), "a finished run leaves no checkpoints behind"


def test_the_ray_engine_gives_the_local_engines_results(
    demo_run: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A local Ray cluster of two worker processes, started by the run, from a cold cache."""
    data, whole = demo_run
    monkeypatch.setenv("SOUNDING_CONSULT__RAY_WORKERS", "2")
    run = _analyse(data, tmp_path / "ray", tmp_path / "home", "--engine", "ray")
    output, _ = run.communicate(timeout=900)
    assert run.returncode == 0, output
    _same_outputs(whole, tmp_path / "ray")
    with (tmp_path / "ray" / "responses.csv").open(encoding="utf-8-sig") as handle:
        assert sum(1 for _ in csv.DictReader(handle)) == 750


def test_an_address_without_the_ray_engine_is_refused(tmp_path: Path):
    from typer.testing import CliRunner

    from sounding.cli.main import app

    data = write_demo(tmp_path / "demo.csv", respondents=20)
    args = ["consult", "analyse", str(data), "--out", str(tmp_path / "o"), "--address", "auto"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert "--address names a Ray cluster" in result.output and "--engine ray" in result.output


def test_a_sampled_side_counts_its_clusters_for_everyone_they_stand_for(word_embedder):
    """20,000 distinct answers and one campaign of 50,000: the sample of 4,000 keeps the
    campaign and weighs each drawn answer for the ~5 it stands for, so the two points made
    by thousands of single answers become themes beside the campaign's, and the minimum
    theme size (0.5% of 70,000) is compared with those estimates."""
    from sounding.consult.discover import KeyPointDiscoverer

    rng = np.random.default_rng(0)
    points = normalise_rows(rng.normal(size=(3, 48)).astype(np.float32))
    rows = [points[0]] + [points[1 + i % 2] + 0.1 * rng.normal(size=48) for i in range(20_000)]
    vectors = normalise_rows(np.array(rows, dtype=np.float32))
    weights = np.ones(len(rows))
    weights[0] = 50_000
    texts = ["the campaign letter says this"] + [
        ("cost of living is too high for us" if i % 2 == 0 else "buses are late every day")
        + f" {i}"
        for i in range(20_000)
    ]
    data = QuestionData(texts, vectors, weights, [Stance.NEUTRAL] * len(rows))
    seeds = KeyPointDiscoverer().discover(data, word_embedder).seeds
    assert len(seeds) == 3
    estimated = sorted(s.weight for s in seeds)
    assert 8_000 <= estimated[0] <= 12_000 and 8_000 <= estimated[1] <= 12_000
    assert estimated[2] >= 50_000
