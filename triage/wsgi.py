"""WSGI entry point (gunicorn triage.wsgi).

The URLconf, and with it every view's imports (WeasyPrint for the summary PDF), is loaded here, when
a worker starts, not during its first request: that request runs under REQUEST_TIMEOUT's alarm, and
on a starved CPU the alarm could cut the import in half, after which the worker failed every summary
PDF with a 500 (AttributeError: module 'weasyprint.html' has no attribute 'handle_element'), as
scripts/faults.sh found.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triage.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (loading it is the point)
