#!/usr/bin/env bash
# Install Sounding with its test tools, check lint, formatting and types, and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy
# --all: the slow and browser tests too, which plain `pytest` leaves out.
.venv/bin/python -m pytest --all "$@"
# The web app's tests once more on PostgreSQL (pytest-django creates and drops test_test), so
# the app is checked on both databases it supports. Skipped when specific tests were asked for.
if [ "$#" -eq 0 ]; then
  DATABASE_URL="${SOUNDING_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" \
    .venv/bin/python -m pytest --all tests/web
fi
