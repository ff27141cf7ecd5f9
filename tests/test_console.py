"""The terminal's progress bars at 80 columns."""

from __future__ import annotations

from rich.console import Console

from sounding.cli.console import RichProgress


def test_a_long_stage_name_leaves_the_bar_and_count_on_an_80_column_line():
    stage = "Embedding answers to Q1 [open] Please explain your answer (multilingual model)"
    out = Console(width=80, record=True, force_terminal=True, color_system="standard")
    with RichProgress(out=out) as progress:
        progress.start(stage, 12_345)
        progress.advance(100)
    text = out.export_text()
    line = text[text.rindex("Embedding") :].splitlines()[0]  # the last refresh
    assert "100/12345" in line and "━" in line
    assert len(line) <= 80
    assert line.startswith("Embedding answers to Q1 [open]")  # brackets kept as written
    assert "…" in line
