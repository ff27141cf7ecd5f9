"""Deductive coding at scale: the learned matcher's time and memory by question size.

    .venv/bin/python benchmarks/matcher_scale.py [--sizes 1000 20000 50000 100000]

The learned matcher (`sounding.consult.matcher`) scores every (row, theme) pair of a
question, where rows are its answers and, for answers of several sentences, the sentences.
Two of its features compare each row with the others; it compares each with about
`NEIGHBOUR_SAMPLE` of them at most (whole answers drawn with a fixed seed, and the row's
own answer), so past that size its cost grows with the number of rows, not its square. This
times `LearnedMatcher.probabilities` on unit vectors of the model's size (20 themes; the
time depends on the shapes, not on the words) beside the same matcher comparing every row
with every other, in one run, up to `--every-pair-up-to` rows.
Results go to the terminal and into BENCHMARKS.md between the matcher-scale markers.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import tracemalloc

import numpy as np

from benchmarks_md import markdown_table, write_section
from consult_scale import cpu_name
from sounding.consult import matcher as matcher_module
from sounding.consult.matcher import LearnedMatcher

THEMES, DIMENSIONS = 20, 384


def unit_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    rows = rng.standard_normal((n, DIMENSIONS)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def timed(matcher: LearnedMatcher, n: int, sample: int) -> tuple[float, float]:
    """Seconds and peak MB (numpy's allocations) to score `n` answers, comparing each with
    at most `sample` others."""
    rng = np.random.default_rng(0)
    answers, themes, question = unit_rows(rng, n), unit_rows(rng, THEMES), unit_rows(rng, 1)[0]
    default = matcher_module.NEIGHBOUR_SAMPLE
    matcher_module.NEIGHBOUR_SAMPLE = sample
    tracemalloc.start()
    try:
        started = time.perf_counter()
        matcher.probabilities(answers, themes, question)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
        matcher_module.NEIGHBOUR_SAMPLE = default
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 20000, 50000, 100000])
    parser.add_argument("--every-pair-up-to", type=int, default=50000)
    parser.add_argument("--no-write", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args()
    matcher = LearnedMatcher.load()
    sample = matcher_module.NEIGHBOUR_SAMPLE
    rows = []
    for n in args.sizes:
        seconds, peak = timed(matcher, n, sample)
        every = "–"
        if n <= args.every_pair_up_to:
            every_s, every_mb = timed(matcher, n, n)
            every = f"{every_s:.1f} s, {every_mb:,.0f} MB"
        rows.append([f"{n:,}", f"{seconds:.1f} s, {peak:,.0f} MB", every])
        print(rows[-1], flush=True)
    body = "\n".join(
        [
            f"Machine: {cpu_name()}, {len(os.sched_getaffinity(0))} cores, Python "
            f"{platform.python_version()}; {THEMES} themes; "
            f"NEIGHBOUR_SAMPLE = {sample:,}. Peak: numpy's allocations (tracemalloc).",
            "",
            *markdown_table(["rows", "sampled neighbours (default)", "every pair"], rows, left=1),
        ]
    )
    print(body)
    if not args.no_write:
        write_section(
            "matcher-scale",
            body,
            "## Consult deductive: the learned matcher at scale",
            "`python benchmarks/matcher_scale.py`: time and peak memory of scoring one "
            "question's rows (answers and their sentences) against a codebook.",
        )


if __name__ == "__main__":
    main()
