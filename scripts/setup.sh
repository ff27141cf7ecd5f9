#!/usr/bin/env bash
# Create .venv and install Sounding into it. Safe to re-run: it only installs what is missing.
# PyTorch goes in first, pinned to the CPU build, so nothing pulls in gigabytes of CUDA.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet torch==2.13.0
.venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
