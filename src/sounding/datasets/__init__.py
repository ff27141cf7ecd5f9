"""Benchmark datasets turned into Sounding input files plus their gold coding.

The datasets live in the shared data folder and are read by path (`data_dir`, or
`default_data_dir()`); nothing from them is copied into the repository.
"""

from sounding.datasets.argkp import argkp_topics, load_argkp
from sounding.datasets.bills import load_bills
from sounding.datasets.common import (
    BenchmarkSet,
    CodebookRow,
    GoldPair,
    ResponseRow,
    default_data_dir,
    write_benchmark,
)
from sounding.datasets.themefinder import load_gambling_xs

__all__ = [
    "BenchmarkSet",
    "CodebookRow",
    "GoldPair",
    "ResponseRow",
    "argkp_topics",
    "default_data_dir",
    "load_argkp",
    "load_bills",
    "load_gambling_xs",
    "write_benchmark",
]
