"""Shared fixtures: unit tests use a bag-of-words embedder, end-to-end tests the real model.

Plain `pytest` is the fast default: it leaves out tests marked `slow` or `browser`. Run them
with `pytest --all` (as scripts/test.sh and CI do), pick them with `-m`, e.g. `-m slow`, or
name one: `pytest tests/test_cli.py::test_demo_command_writes_data_and_report`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from sounding.config import Settings, configure_libraries
from sounding.embeddings.base import normalise_rows
from sounding.progress import Progress

SHARED = Path(__file__).resolve().parents[2] / "shared"
OPT_IN_MARKERS = ("slow", "browser")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--all",
        action="store_true",
        help="also run the tests marked slow or browser (left out by default)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out slow and browser tests unless --all, a -m expression or a test named on the
    command line (path::name) asks for them."""
    named = any("::" in arg for arg in config.args)
    if config.getoption("--all") or config.getoption("markexpr") or named:
        return
    kept, left_out = [], []
    for item in items:
        opt_in = any(item.get_closest_marker(name) for name in OPT_IN_MARKERS)
        (left_out if opt_in else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


configure_libraries()  # as the command line and the web app do at start-up


class WordHashEmbedder:
    """Deterministic stand-in for a model: texts sharing words get similar vectors."""

    name = "test:word-hash"

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension
        self.calls: list[int] = []

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimension
                out[row, slot] += 1.0
        if progress is not None:
            progress.advance(len(texts))
        return normalise_rows(out)


@pytest.fixture
def word_embedder() -> WordHashEmbedder:
    return WordHashEmbedder()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings isolated from the user's environment and data directory."""
    return Settings(home=tmp_path / "home", show_progress=False)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("SOUNDING_HOME", "SOUNDING_CONFIG", "SOUNDING_EMBEDDING_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def install_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install a one-module package as pip would leave it (the module and a dist-info with
    its entry points) on sys.path: `install_package("name", source, "[group]\\nkey = ...")`."""

    def install(module: str, source: str, entry_points: str) -> None:
        site = tmp_path / "site-packages"
        info = site / f"{module}-1.0.dist-info"
        info.mkdir(parents=True)
        (site / f"{module}.py").write_text(source)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text(entry_points)
        monkeypatch.syspath_prepend(str(site))

    return install
