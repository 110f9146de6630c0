"""The fresh batches in docs/fresh-cases/: cases written from sources by people who had not read the
knowledge (docs/generalisation.md). Their first runs are recorded there; since then they guard the
reasoning like the scenarios do, against the aims rather than against every case, because a few
misses are recorded and explained rather than patched."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from triage.knowledge.draft import build_knowledge
from triage.scenarios.checks import questionnaire_problems
from triage.scenarios.evaluation import UNKNOWN_CAUSE, evaluate

FRESH = Path(__file__).resolve().parent.parent / "docs" / "fresh-cases"
BATCHES = sorted(p for p in FRESH.iterdir() if p.is_dir())

pytestmark = pytest.mark.django_db


def test_there_are_five_fresh_batches_of_at_least_forty_cases_each_citing_sources():
    assert len(BATCHES) >= 5
    for batch in BATCHES:
        cases = [json.loads(p.read_text()) for p in batch.glob("*.json")]
        assert len(cases) >= 40, batch.name
        assert all(case["source"].strip() and case["expected"] for case in cases), batch.name


# Over-triage a batch's first run found and that is kept, each for a reason in docs/generalisation.md
# (a safety sign that cannot tell this story from a grave one): batch 3 is 37/40 in band, under the
# 95% aim; batch 4 is 39/40. Only these may be out of band; any other case out of band fails.
KEPT_OVER_TRIAGE = {
    "batch-3": {
        # Weakness that came on over days (today), though it came on weeks ago and is stable.
        "b3-uk-plasterer-neck-arm",
        # Weakness ticked, then "none of these" for every kind, and not sure how fast (today).
        "b3-uk-teen-als-videos",
        # Vomiting after a drug counts as being unwell after it (today), though it was a hangover.
        "b3-uk-stag-weekend-shakes",
    },
    "batch-4": {
        # Tingling around the mouth and in the fingertips (a sign of low calcium, seen within days),
        # which the answers cannot tell from fast breathing in a panic attack.
        "b4-panic-tingling-fingers-episodes",
    },
}


@pytest.mark.parametrize("batch", BATCHES, ids=[b.name for b in BATCHES])
def test_a_fresh_batch_meets_the_aims(batch: Path):
    """Never under-triaged; at least 95% within the band, apart from over-triage recorded and
    explained, and 90% with an expected cause among the likely (issue 19's aims); every case's
    answers fit the questionnaire."""
    data = [(p.stem, json.loads(p.read_text())) for p in sorted(batch.glob("*.json"))]
    knowledge = build_knowledge()
    result = evaluate(data, knowledge, fresh=True)
    unsafe = [why for code, why in result.misses if "should be at least" in why]
    assert result.safe == result.total, unsafe
    over = {code for code, why in result.misses if "should be at most" in why}
    kept = KEPT_OVER_TRIAGE.get(batch.name, set())
    assert over <= kept, over - kept
    if not kept:
        assert result.in_band >= 0.95 * result.total
    assert result.with_expected_cause >= 0.9 * result.naming_causes
    flow = {
        code: [p for p in questionnaire_problems(case, knowledge) if not p.startswith(UNKNOWN_CAUSE)]
        for code, case in data
    }
    assert not {code: problems for code, problems in flow.items() if problems}


def test_the_command_runs_a_batch_from_its_folder():
    out = StringIO()
    call_command("evaluate_scenarios", files=str(BATCHES[0]), stdout=out)
    assert f"{len(list(BATCHES[0].glob('*.json')))} scenarios against the draft:" in out.getvalue()
