#!/usr/bin/env bash
# Fault tests (not part of the test run; a few minutes). Starts a throwaway PostgreSQL cluster of its
# own (port 5440, or a free one; never the machine's default cluster), a proxy that can hang, a
# SQLite file, gunicorn with production settings (deploy/gunicorn.conf.py) on 127.0.0.1 for each,
# and nginx (deploy/nginx/triage.conf, a local copy) in front of one. Runs, by FAULT_RUNS:
#   outage   simulated people while PostgreSQL is stopped and started, then while it hangs;
#   cpu      every CPU busy (stress-ng) while people answer and summary PDFs are made: 503s per page;
#   hostile  NULs, over-long and malformed input, deeply nested JSON in the admin's scenario import;
#   nginx    two clients trickling a request body through nginx while other requests are timed.
# Ends with "N x 500, N lost, N duplicated" per database; exits 1 if any 500, lost or duplicated
# assessment (or another check failed). Everything it started is stopped and deleted at the end.
#
#   bash scripts/faults.sh
#   FAULT_RUNS=cpu,hostile FAULT_DATABASES=postgresql bash scripts/faults.sh
#   FAULT_PEOPLE=16 FAULT_SECONDS=10 FAULT_PG_PORT=5440 FAULT_CPU_SECONDS=20 bash scripts/faults.sh
#   FAULTS_PYTHON=/path/to/venv/bin/python bash scripts/faults.sh   # an existing venv, no set-up
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -n "${FAULTS_PYTHON:-}" ]; then
  python=$FAULTS_PYTHON
else
  REQUIREMENTS=requirements-dev.txt bash scripts/setup.sh >/dev/null
  python=.venv/bin/python
fi
runs=${FAULT_RUNS:-outage,nginx,cpu,hostile}
if [[ ",$runs," == *,nginx,* ]] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  bash scripts/apt-install.sh nginx-light || bash scripts/apt-install.sh nginx
fi
if [[ ",$runs," == *,cpu,* ]] && ! command -v stress-ng >/dev/null; then
  bash scripts/apt-install.sh stress-ng || echo "No stress-ng: busy Python loops keep the CPUs busy" >&2
fi

WORK=$(mktemp -d /tmp/triage-faults.XXXXXX)
chmod 755 "$WORK" # the cluster runs as the postgres user
export FAULTS_WORKDIR="$WORK"

stop_pid() { # a process this run started, by the id it recorded
  local pid=$1 name=$2
  if grep -q "$name" "/proc/$pid/cmdline" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null
  fi
}

cleanup() {
  set +e
  # faults.py stops everything itself; this is for when it could not (killed, crashed).
  for pidfile in "$WORK"/gunicorn-*.pid; do
    [ -f "$pidfile" ] && stop_pid "$(cat "$pidfile")" gunicorn
  done
  [ -f "$WORK/nginx.pid" ] && stop_pid "$(cat "$WORK/nginx.pid")" nginx
  if [ -f "$WORK/burners.pid" ]; then
    while read -r pid; do kill -- "-$pid" 2>/dev/null; done <"$WORK/burners.pid"
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

# In the background, so that a TERM or Ctrl-C reaching this shell is passed on at once: faults.py
# then stops what it started itself, and the cleanup above catches anything left.
"$python" scripts/faults.py &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 130' INT
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM
wait "$child"
