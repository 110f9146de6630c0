#!/usr/bin/env bash
# Fault tests (not part of the test run; a few minutes). Starts a throwaway PostgreSQL cluster of its
# own (port 5440, or a free one; never the machine's default cluster), a proxy that can hang, and
# gunicorn with production settings on 127.0.0.1; runs simulated people through the questionnaire
# while PostgreSQL is stopped and started, then while the database hangs; prints what people saw,
# how fast /health/ noticed, and whether any assessment was lost or duplicated. Exits 1 if so, or if
# any request got a 500. Everything it started is stopped and deleted at the end, even on failure.
#
#   bash scripts/faults.sh
#   FAULT_PEOPLE=16 FAULT_SECONDS=10 FAULT_PG_PORT=5440 bash scripts/faults.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh >/dev/null

WORK=$(mktemp -d /tmp/triage-faults.XXXXXX)
chmod 755 "$WORK" # the cluster runs as the postgres user
export FAULTS_WORKDIR="$WORK"

cleanup() {
  set +e
  # faults.py stops everything itself; this is for when it could not (killed, crashed).
  if [ -f "$WORK/gunicorn.pid" ]; then
    pid=$(cat "$WORK/gunicorn.pid")
    if grep -q gunicorn "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null
    fi
  fi
  if [ -f "$WORK/pgdata/postmaster.pid" ]; then
    pg_ctl=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n1)
    [ -n "${PG_BIN:-}" ] && pg_ctl="$PG_BIN/pg_ctl"
    if [ "$(id -u)" = 0 ]; then
      runuser -u postgres -- "$pg_ctl" -D "$WORK/pgdata" -m immediate -w stop >/dev/null
    else
      "$pg_ctl" -D "$WORK/pgdata" -m immediate -w stop >/dev/null
    fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

.venv/bin/python scripts/faults.py
