#!/usr/bin/env bash
# Sets everything up and runs every check and the test suite in two passes: on SQLite, every test
# but those marked `postgresql`; then on PostgreSQL (started, and installed if missing, by
# start-postgres.sh; TEST_DATABASE_URL points elsewhere), the tests that work the database, which
# leaves out the browser tests, the renderings of every scenario and the tests that never open the
# database (tests/conftest.py says which and why). Arguments go to every pytest run.
#
# The SQLite pass runs in two pytest runs: everything but the browser tests in TEST_WORKERS
# processes (pytest-xdist; 2 unless set; 0 for one process), then the browser tests in one process,
# with the machine to themselves (their pages have timeouts). The PostgreSQL pass runs in
# TEST_WORKERS processes. Exits non-zero when anything failed, after every run, and ends with each
# run's closing line and wall time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
minutes() { printf '%dm %02ds' $(($1 / 60)) $(($1 % 60)); }
REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh
bash scripts/install-chromium.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
# The type checker on triage/ (its settings: [tool.mypy] in pyproject.toml).
.venv/bin/mypy
.venv/bin/python manage.py makemigrations --check --dry-run -v1
.venv/bin/python manage.py check

workers="${TEST_WORKERS:-2}"
parallel=()
if [ "$workers" != 0 ]; then
  parallel=(-n "$workers")
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
timings="set-up and checks $(minutes $((SECONDS - started)))"
runs=()
failed=0
runs_with_tests=0

# run_pytest NAME COMMAND...: one pytest run; its output is kept for the closing lines below.
run_pytest() {
  local name=$1 status=0 run_started=$SECONDS
  shift
  runs+=("$name")
  echo "== pytest on $name"
  "$@" 2>&1 | tee "$logs/${#runs[@]}" || status=$?
  timings="$timings; $name $(minutes $((SECONDS - run_started)))"
  case $status in
    0) runs_with_tests=$((runs_with_tests + 1)) ;;
    5) echo "(no test of this selection runs here)" ;;
    *) failed=1 ;;
  esac
}

pytest=(.venv/bin/python -m pytest)
run_pytest "SQLite" env -u DATABASE_URL "${pytest[@]}" "${parallel[@]}" --browser-tests=none "$@"
run_pytest "SQLite (browser tests)" env -u DATABASE_URL "${pytest[@]}" --browser-tests=only "$@"
bash scripts/start-postgres.sh
run_pytest "PostgreSQL" env DATABASE_URL="${TEST_DATABASE_URL:-postgres://app:app@127.0.0.1:5432/app}" \
  "${pytest[@]}" "${parallel[@]}" "$@"

echo "== Wall time: $timings; the whole run $(minutes $((SECONDS - started)))"
for i in "${!runs[@]}"; do
  echo "== ${runs[$i]}:"
  grep -E "(passed|failed|errors?|skipped|deselected|no tests ran).* in [0-9.]+s" "$logs/$((i + 1))" |
    tail -n 1 || echo "(no closing line: pytest stopped early)"
done
if [ "$failed" != 0 ]; then
  exit 1
fi
if [ "$runs_with_tests" = 0 ]; then
  echo "No test ran." >&2
  exit 5
fi
