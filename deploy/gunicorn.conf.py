"""gunicorn settings for the triage app servers (see deploy/README.md), from the repository root:

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py triage.wsgi

Behind nginx only (deploy/nginx/triage.conf): sync workers serve one request at a time and must
never read from a slow client. GUNICORN_BIND and GUNICORN_WORKERS override the two values that
differ between machines.
"""

import os

# The private address nginx proxies to; never a public one.
bind = os.environ.get("GUNICORN_BIND", "10.0.0.11:8000").split(",")
# About one per core.
workers = int(os.environ.get("GUNICORN_WORKERS", str(os.cpu_count() or 2)))
# The request deadline (REQUEST_TIMEOUT, 5 s) is a SIGALRM in the worker's main thread: sync only.
worker_class = "sync"
# A request that hangs anyway is cut off by REQUEST_TIMEOUT long before this kills the worker.
timeout = 30
graceful_timeout = 10
# gunicorn 27 makes a control socket under ~/.gunicorn by default (--no-control-socket).
control_socket_disable = True
# No access log (its lines would hold result ids); errors and the app's JSON log go to stderr.
accesslog = None
errorlog = "-"
