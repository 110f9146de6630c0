#!/usr/bin/env bash
# Makes a local PostgreSQL ready for the tests and the benchmark: installs it with apt when missing,
# starts the cluster, and creates the `app` role (CREATEDB, so pytest-django can make its test
# database) and the `app` database when missing. Safe to run again; needs root (or sudo) the first
# time. Prints nothing but errors. Connection: postgres://app:app@127.0.0.1:5432/app
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1; then
  echo "Installing PostgreSQL with apt" >&2
  bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" --recommends postgresql
fi

# The first cluster listed (Debian creates one, e.g. 15/main).
read -r version cluster port status _ < <(pg_lsclusters --no-header | head -n1)
if [ -z "${version:-}" ]; then
  echo "No PostgreSQL cluster found; create one with pg_createcluster." >&2
  exit 1
fi
if [ "$status" != "online" ]; then
  as_root pg_ctlcluster "$version" "$cluster" start
fi
for _ in $(seq 1 30); do
  as_postgres "pg_isready -q -p $port" && break
  sleep 0.5
done

as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = 'app'\"" | grep -q 1 ||
  as_postgres "psql -p $port -qc \"CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB\""
as_postgres "psql -p $port -qtAc \"SELECT 1 FROM pg_database WHERE datname = 'app'\"" | grep -q 1 ||
  as_postgres "psql -p $port -qc \"CREATE DATABASE app OWNER app\""
