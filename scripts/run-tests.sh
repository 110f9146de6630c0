#!/usr/bin/env bash
# Sets everything up and runs every check and the whole test suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh
bash scripts/install-chromium.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run -v1
.venv/bin/python manage.py check
.venv/bin/python -m pytest "$@"
