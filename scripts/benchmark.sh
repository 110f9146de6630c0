#!/usr/bin/env bash
# Speed figures (not a test): serves the app with gunicorn (2 workers, production settings, plain
# HTTP on 127.0.0.1 only) against a fresh benchmark database and measures it with wrk, an in-process
# engine timer, a byte counter and a 64-person load run. Prints a Markdown table.
#
#   bash scripts/benchmark.sh            # PostgreSQL (started, installed if missing)
#   BENCH_DB=sqlite bash scripts/benchmark.sh
#   BENCH_SECONDS=10 LOAD_SECONDS=60 LOAD_PEOPLE=64 bash scripts/benchmark.sh
#
# Quote ratios from one run: wrk, gunicorn and the database share the machine's cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh >/dev/null
if ! command -v wrk >/dev/null 2>&1; then
  echo "Installing wrk with apt" >&2
  bash scripts/apt-install.sh --recommends wrk
fi
if [ "${BENCH_DB:-postgres}" = "postgres" ]; then
  bash scripts/start-postgres.sh
fi
exec .venv/bin/python scripts/benchmark.py
