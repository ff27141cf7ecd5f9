"""The one helper every benchmark script writes its BENCHMARKS.md section with."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

HELPER = Path(__file__).resolve().parents[1] / "benchmarks" / "benchmarks_md.py"


@pytest.fixture(scope="module")
def helper() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_md", HELPER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_section_is_replaced_in_place_and_others_kept(helper, tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text(
        "# Benchmarks\n\n## A\n\n<!-- a:start -->\nold\n<!-- a:end -->\n\nProse.\n\n"
        "<!-- b:start -->\nkept\n<!-- b:end -->\n",
        encoding="utf-8",
    )
    helper.write_section("a", "new\nrows", "## A", path=path)
    assert path.read_text(encoding="utf-8") == (
        "# Benchmarks\n\n## A\n\n<!-- a:start -->\nnew\nrows\n<!-- a:end -->\n\nProse.\n\n"
        "<!-- b:start -->\nkept\n<!-- b:end -->\n"
    )


def test_a_missing_section_is_added_at_the_end(helper, tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\nIntro.\n\n", encoding="utf-8")
    helper.write_section("c", "table", "## C", "What C measures.", path=path)
    assert path.read_text(encoding="utf-8") == (
        "# Benchmarks\n\nIntro.\n\n## C\n\nWhat C measures.\n\n<!-- c:start -->\ntable\n"
        "<!-- c:end -->\n"
    )
