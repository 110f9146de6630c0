#!/usr/bin/env bash
# Sets everything up and serves the app on SQLite at http://127.0.0.1:8000/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
echo "Serving on http://127.0.0.1:8000/ (Ctrl+C to stop)"
exec .venv/bin/python manage.py runserver "${ADDRESS:-127.0.0.1:8000}"
