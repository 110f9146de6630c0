"""SQLite under concurrent use: writers queue (immediate transactions, WAL, a busy timeout) instead of
failing with "database is locked", and parallel final submissions save one assessment each, as do
twenty parallel posts of one showing of the first step without a session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_concurrent_final_submissions_on_a_file_database_never_fail(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"SQLITE_PATH": str(tmp_path / "db.sqlite3"), "DJANGO_SETTINGS_MODULE": "triage.settings"}
    # Sixteen people from one address: the rate limits are not what this is about.
    env |= {"RATE_LIMIT_POSTS": "", "RATE_LIMIT_ASSESSMENTS": "", "ASSESSMENTS_PER_ADDRESS_PER_DAY": "0"}
    for command in (["migrate", "--verbosity=0"], ["load_knowledge", "--verbosity=0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    run = subprocess.run(
        [sys.executable, "tests/sqlite_concurrency.py"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr[-3000:]
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["errors"] == []
    assert summary["results_per_person"] == [1] * 16
    assert summary["emergency_results"] == 1
    assert summary["assessments"] == 16 + 1
