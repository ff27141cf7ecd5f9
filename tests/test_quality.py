"""Quality guards on real human-coded data (ArgKP dev): catch regressions, not tune.

The full comparison with BERTopic and k-means is `benchmarks/quality.py`; these only check
that Sounding stays clear of the published baselines on the same data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sounding.config import Settings, load_settings
from sounding.consult.evaluate import evaluate
from sounding.datasets import default_data_dir, load_argkp, write_benchmark
from sounding.files.codebook import read_codebook
from sounding.files.gold import load_evaluation_inputs
from sounding.services.consult import analyse
from sounding.services.inputs import read_consultation

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def argkp_dev(tmp_path_factory) -> dict[str, Path]:
    data_dir = default_data_dir(load_settings().data_dir)
    if data_dir is None:
        pytest.skip("shared datasets not found")
    return write_benchmark(load_argkp(data_dir, "dev"), tmp_path_factory.mktemp("argkp"))


def run(paths: dict[str, Path], out: Path, deductive: bool) -> dict:
    consultation, _ = read_consultation(paths["consultation"])
    codebook = read_codebook(paths["codebook"], consultation) if deductive else None
    settings = Settings(home=out.parent / "home", show_progress=False)
    analyse(consultation, out, settings, codebook=codebook)
    codings, statuses = load_evaluation_inputs(out, paths["gold"])
    mode = "mapping" if deductive else "discovery"
    return evaluate(codings, statuses, mode=mode, bootstrap=0, seed=0).to_dict()["overall"]


def test_discovery_beats_bertopic_on_argkp_dev(argkp_dev, tmp_path: Path):
    overall = run(argkp_dev, tmp_path / "discovery", deductive=False)
    assert overall["f1"] >= 0.40  # BERTopic here: 0.32
    assert overall["theme_recall"] >= 0.80  # BERTopic here: 0.56
    assert overall["other_share"] <= 0.35


def test_deductive_mapping_beats_cosine_on_argkp_dev(argkp_dev, tmp_path: Path):
    overall = run(argkp_dev, tmp_path / "mapping", deductive=True)
    assert overall["f1"] >= 0.52  # cosine to key points, same stance: 0.47
