#!/usr/bin/env bash
# Installs Debian packages with apt-get (as root, or through sudo), for the other install scripts:
#
#   bash scripts/apt-install.sh [--recommends] PACKAGE...
#
# When another apt or dpkg is running (an unattended upgrade, another set-up on the same machine),
# it waits for it, up to APT_LOCK_WAIT seconds (300), instead of failing on the lock. apt-get's own
# DPkg::Lock::Timeout covers dpkg's locks (install), not the package lists' lock that `apt-get
# update` takes (apt 2.6), so the update is tried again while that lock is held.
set -euo pipefail

recommends=(--no-install-recommends)
if [ "${1:-}" = "--recommends" ]; then
  recommends=()
  shift
fi
[ $# -gt 0 ] || { echo "usage: $0 [--recommends] PACKAGE..." >&2; exit 2; }

wait_seconds="${APT_LOCK_WAIT:-300}"
if [ "$(id -u)" = 0 ]; then sudo=(); else sudo=(sudo); fi
apt_get() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$wait_seconds" "$@"; }

deadline=$((SECONDS + wait_seconds))
said_waiting=""
until output=$(apt_get update -qq 2>&1); do
  if grep -q "Could not get lock" <<<"$output" && [ "$SECONDS" -lt "$deadline" ]; then
    if [ -z "$said_waiting" ]; then
      echo "Another apt is updating the package lists; waiting for it (up to ${wait_seconds} s)" >&2
      said_waiting=yes
    fi
    sleep 3
    continue
  fi
  echo "$output" >&2
  if grep -q "Could not get lock" <<<"$output"; then
    echo "apt-get update: another apt still held the package lists after ${wait_seconds} s." >&2
  else
    echo "apt-get update failed (see above)." >&2
  fi
  echo "Install $* by hand, or run this again when the other apt has finished." >&2
  exit 1
done

# dpkg's locks: apt-get waits for them itself (DPkg::Lock::Timeout), silently with -qq, so say so.
holder=$(pgrep -a -x 'apt|apt-get|aptitude|dpkg|unattended-upgr' 2>/dev/null | head -n 1 || true)
if [ -n "$holder" ]; then
  echo "Another apt or dpkg is running (process $holder); waiting for it to finish (up to ${wait_seconds} s)" >&2
fi
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
set +e
apt_get install -y -qq "${recommends[@]}" "$@" 2>&1 >/dev/null | tee "$errors" >&2
status=${PIPESTATUS[0]}
set -e
if [ "$status" != 0 ]; then
  if grep -q "Could not get lock" "$errors"; then
    echo "apt-get install: another apt or dpkg still held its lock after ${wait_seconds} s." >&2
  fi
  echo "Could not install $* with apt-get (see above); install them by hand, or run this again." >&2
  exit 1
fi
