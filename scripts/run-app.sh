#!/usr/bin/env bash
# Sets everything up and serves the app on SQLite with Django's development server, at
# http://127.0.0.1:8000/ unless ADDRESS says otherwise: a port (8080) or an address and port
# (127.0.0.1:8080, 0.0.0.0:8000 for every interface, [::1]:8000), as `manage.py runserver` takes it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
address="${ADDRESS:-127.0.0.1:8000}"
bash scripts/setup.sh

# The address runserver will listen on, worked out as runserver does: a port alone means 127.0.0.1.
case "$address" in
  *:*) host="${address%:*}" port="${address##*:}" ;;
  *) host=127.0.0.1 port="$address" ;;
esac
if [ "$host" = 0 ]; then host=0.0.0.0; fi
# A port another program holds would make runserver stop after its checks ("That port is already in
# use"), when this script had already said where it serves: find out first, and say what to do.
if [ "$port" != 0 ] && ! .venv/bin/python - "$host" "$port" <<'PY'
import socket
import sys

host, port = sys.argv[1].strip("[]"), int(sys.argv[2])
family = socket.AF_INET6 if ":" in host else socket.AF_INET
with socket.socket(family) as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as runserver binds
    try:
        probe.bind((host, port))
    except OSError as error:
        sys.exit(f"Cannot serve on {sys.argv[1]}, port {port}: {error.strerror}.")
PY
then
  echo "Another program may be serving there already. Choose another port, for example:" >&2
  echo "  ADDRESS=$((port + 1)) bash scripts/run-app.sh" >&2
  exit 1
fi
if [ "$port" = 0 ]; then
  echo "Serving on $host, on a free port (the development server names it below; Ctrl+C to stop)"
elif [ "$host" = 0.0.0.0 ]; then
  echo "Serving on every interface, port $port: http://127.0.0.1:$port/ from this machine (Ctrl+C to stop)"
elif [ "$host" = "[::]" ]; then
  echo "Serving on every interface, port $port: http://[::1]:$port/ from this machine (Ctrl+C to stop)"
else
  echo "Serving on http://$host:$port/ (Ctrl+C to stop)"
fi
exec .venv/bin/python manage.py runserver "$address"
