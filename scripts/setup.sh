#!/usr/bin/env bash
# Sets everything up in .venv: a Python >= 3.12, the packages, the database, the knowledge base,
# the static files and the compiled translations. Safe to run again. Sourced by run-app.sh and run-tests.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3 python; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  if ! PY=$(find_python); then
    echo "This project needs Python 3.12 or newer (Django 6). Install it (for example with pyenv" >&2
    echo "or uv), or point PYTHON at it: PYTHON=/path/to/python3.12 $0" >&2
    exit 1
  fi
  echo "Creating .venv with $($PY --version)"
  rm -rf .venv
  "$PY" -m venv .venv
fi

bash scripts/install-pdf-libraries.sh
bash scripts/install-gettext.sh
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "${REQUIREMENTS:-requirements.txt}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_knowledge --if-empty
.venv/bin/python manage.py collectstatic --noinput -v0
# The site's own strings in each language: triage/locale/*/LC_MESSAGES/django.po -> django.mo.
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
