#!/usr/bin/env bash
# Sets everything up and runs every check and the test suite in two passes: on SQLite, every test
# but those marked `postgresql`; then on PostgreSQL (started, and installed if missing, by
# start-postgres.sh; TEST_DATABASE_URL points elsewhere), the tests that work the database, which
# leaves out the browser tests, the renderings of every scenario and the tests that never open the
# database (tests/conftest.py says which and why). Arguments go to both pytest runs.
#
# Each pass runs in TEST_WORKERS processes (pytest-xdist; 2 unless set; 0 runs each pass in one
# process). Exits non-zero when anything failed, after both passes, and ends with each pass's
# closing line and wall time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh
bash scripts/install-chromium.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run -v1
.venv/bin/python manage.py check

workers="${TEST_WORKERS:-2}"
parallel=()
if [ "$workers" != 0 ]; then
  # loadgroup: the browser tests stay together in one worker (see tests/conftest.py).
  parallel=(-n "$workers" --dist loadgroup)
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
timings="set-up and checks $((SECONDS - started)) s"
failed=0
passes_with_tests=0

# run_pass NAME COMMAND...: runs one pass, keeps its output for the closing lines below.
run_pass() {
  local name=$1 status=0 pass_started=$SECONDS
  shift
  echo "== pytest on $name"
  "$@" 2>&1 | tee "$logs/$name" || status=$?
  timings="$timings, $name $((SECONDS - pass_started)) s"
  case $status in
    0) passes_with_tests=$((passes_with_tests + 1)) ;;
    5) echo "(no test of this selection runs on $name)" ;;
    *) failed=1 ;;
  esac
}

run_pass SQLite env -u DATABASE_URL .venv/bin/python -m pytest "${parallel[@]}" "$@"
bash scripts/start-postgres.sh
run_pass PostgreSQL env DATABASE_URL="${TEST_DATABASE_URL:-postgres://app:app@127.0.0.1:5432/app}" \
  .venv/bin/python -m pytest "${parallel[@]}" "$@"

echo "== Wall time: $timings; the whole run $((SECONDS - started)) s"
for name in SQLite PostgreSQL; do
  echo "== $name:"
  grep -E "(passed|failed|errors?|skipped|deselected|no tests ran).* in [0-9.]+s" "$logs/$name" | tail -n 1 ||
    echo "(no closing line: pytest stopped early)"
done
if [ "$failed" != 0 ]; then
  exit 1
fi
if [ "$passes_with_tests" = 0 ]; then
  echo "No test ran on either database." >&2
  exit 5
fi
