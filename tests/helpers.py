"""Answers for whole questionnaires, and a way to post them step by step like a person would."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

# The clinical scenarios, stored once: one file each in fixtures/scenarios/ (load_knowledge loads them
# into the database; the admin imports and exports the same files).
SCENARIO_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
SCENARIO_FILES = sorted(SCENARIO_DIR.glob("*.json"))

HTMX = {"HTTP_HX_REQUEST": "true"}

# A young person with calf and eyelid twitching after a stressful time: nothing serious.
CALM = {
    "start": {"emergency-signs": ["em-none"]},
    "about": {"age": "age-18-39", "sex": "sex-male", "known-conditions": ["known-none"]},
    "onset": {
        "onset-when": "onset-days",
        "onset-speed": "onset-sudden",
        "onset-context": ["ctx-stress"],
        "checked-before": ["checked-none"],
    },
    "location": {
        "movement": ["mv-flicker"],
        "location": ["loc-eyelid"],
        "face-detail": "face-one-eyelid",
        "sides": "side-one",
        "spread": "spread-fixed",
    },
    "pattern": {
        "twitch-length": "len-flicker",
        "frequency": "freq-occasional",
        "timing": ["when-rest"],
        "course": "course-better",
        "lifestyle": ["life-caffeine", "life-stress"],
    },
    "medicines": {"medicines": ["med-none"]},
    "symptoms": {"symptoms": ["sym-none"]},
    "general": {"general-symptoms": ["gen-none"]},
}

STEP_CODES = list(CALM)


def with_changes(**steps: dict) -> dict:
    """CALM with some answers replaced, step by step, e.g. with_changes(symptoms={"symptoms": [...]})
    keeps the symptoms step's other answers."""
    return {**CALM, **{code: {**CALM.get(code, {}), **answers} for code, answers in steps.items()}}


def answer_steps(client: Client, answers: dict, upto: str | None = None, **extra) -> None:
    """Post each step in order (stopping before `upto`), asserting each one is accepted."""
    for code, data in answers.items():
        if code == upto:
            return
        response = client.post(f"/step/{code}/", data, **extra)
        assert response.status_code == 302, (code, response.content.decode()[:2000])


def complete(client: Client, answers: dict = CALM) -> str:
    """Answer every step and ask for the results; returns the results URL."""
    answer_steps(client, answers)
    response = client.post("/check/")
    assert response.status_code == 302
    return response["Location"]
