#!/usr/bin/env bash
# Page quality figures: serves a throwaway local copy (DEBUG off, hashed and compressed static files
# served by WhiteNoise, a fresh SQLite database), makes one saved result, runs Lighthouse 12.8.2
# against the start page, a step, the results and the print view, and prints the four category
# scores for each. Not a test: the figures vary from run to run, a little, with machine load.
#
# Needs Node >= 18 with npx (Lighthouse comes from npm) and Chromium (scripts/install-chromium.sh,
# or CHROME_PATH). Reports are left in $LIGHTHOUSE_OUT (default: a temporary folder).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

LIGHTHOUSE="lighthouse@12.8.2"  # 13.x needs Node >= 22.19
export CHROME_PATH="${CHROME_PATH:-${CHROMIUM:-/usr/bin/chromium}}"
CHROME_FLAGS="--headless=new --no-sandbox --disable-gpu --disable-background-networking \
--disable-component-update --disable-sync --no-first-run"

command -v npx >/dev/null || { echo "Lighthouse needs Node.js and npx." >&2; exit 1; }
[ -x "$CHROME_PATH" ] || bash scripts/install-chromium.sh
bash scripts/setup.sh >/dev/null

work="$(mktemp -d)"
out="${LIGHTHOUSE_OUT:-$work/reports}"
mkdir -p "$out"
export DEBUG=false SQLITE_PATH="$work/lighthouse.sqlite3"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_knowledge -v0

port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
.venv/bin/python manage.py runserver "127.0.0.1:$port" --noreload >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work/lighthouse.sqlite3"' EXIT
for _ in $(seq 50); do
  curl -fso /dev/null "$base/" && break
  sleep 0.2
done

# One saved result, made as a person would: every step answered, then the check page sent.
results="$(.venv/bin/python - <<'PY'
import json
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triage.settings")
django.setup()

from django.test import Client  # noqa: E402

from triage.knowledge.published import get_knowledge  # noqa: E402

# A result with warning signs, several causes and follow-up questions: a full page.
answers = json.load(open("fixtures/scenarios/heavy-drinking-omeprazole-long-cramps.json"))["answers"]
client = Client()
client.cookies["region"] = "gb"  # the region question answered, as the first screen asks
for step in get_knowledge().steps:
    data = {q.code: answers[q.code] for q in step.questions if q.code in answers}
    assert client.post(f"/step/{step.code}/", data).status_code == 302, step.code
print(client.post("/check/")["Location"])
PY
)"

pages=("Start page|/" "A step|/step/start/" "Results|$results" "Print view|${results}print/")
for i in "${!pages[@]}"; do
  path="${pages[$i]#*|}"
  echo "Lighthouse: $base$path" >&2
  # As a person who has answered the region question (without it every page asks it first).
  npx --yes "$LIGHTHOUSE" "$base$path" --chrome-flags="$CHROME_FLAGS" --output=json \
    --extra-headers='{"Cookie": "region=gb"}' --output-path="$out/$i.json" --quiet
done

.venv/bin/python - "$out" "${pages[@]}" <<'PY'
import json
import sys

out, pages = sys.argv[1], sys.argv[2:]
categories = ["performance", "accessibility", "best-practices", "seo"]
print("| Page | Performance | Accessibility | Best practices | SEO |")
print("|---|---|---|---|---|")
for i, page in enumerate(pages):
    name = page.split("|")[0]
    report = json.load(open(f"{out}/{i}.json"))
    scores = [round(report["categories"][c]["score"] * 100) for c in categories]
    print(f"| {name} | " + " | ".join(str(s) for s in scores) + " |")
    for c in categories:
        for ref in report["categories"][c]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                print(f"    {name}: {c}: {audit['id']} ({audit['score']})", file=sys.stderr)
print(f"\nFull reports: {out}", file=sys.stderr)
PY
