#!/usr/bin/env bash
# Sets everything up and runs every check and the whole test suite, on SQLite and then on PostgreSQL
# (started, and installed if missing, by start-postgres.sh; TEST_DATABASE_URL points elsewhere).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh
bash scripts/install-chromium.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run -v1
.venv/bin/python manage.py check
echo "== pytest on SQLite"
env -u DATABASE_URL .venv/bin/python -m pytest "$@"
echo "== pytest on PostgreSQL"
bash scripts/start-postgres.sh
DATABASE_URL="${TEST_DATABASE_URL:-postgres://app:app@127.0.0.1:5432/app}" .venv/bin/python -m pytest "$@"
