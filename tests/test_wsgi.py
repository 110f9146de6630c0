"""Starting the app loads the URLconf and every view's imports (WeasyPrint included), outside any
request: a first request's imports ran under the request deadline, and an import cut in half by it
broke every later summary PDF of that worker (scripts/faults.sh; docs/reliability.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import sys; import triage.wsgi; "
    "print(all(m in sys.modules for m in ('weasyprint', 'triage.questionnaire.results_views', "
    "'triage.questionnaire.views', 'triage.admin')))"
)


def test_starting_the_app_imports_the_views_and_weasyprint():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "triage.settings"
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "True"
