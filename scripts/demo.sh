#!/usr/bin/env bash
# Install Sounding, generate the demo consultation and analyse it offline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/sounding consult demo --out "${1:-sounding-demo}"
