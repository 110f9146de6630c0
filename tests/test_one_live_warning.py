"""One live warning at a time (issue 21, item 3): however many warning signs the answers so far
raise, a step shows one card, at the highest level so far, in the words the results use for that
level, never the signs' own instructions, which named different timeframes side by side."""

from __future__ import annotations

import re

import pytest

from tests.helpers import CALM, HTMX, answer_steps
from triage import engine
from triage.knowledge.published import get_knowledge
from triage.questionnaire.results import urgency_display
from triage.regions import REGIONS
from triage.vocabulary import most_urgent

pytestmark = pytest.mark.django_db

WEAK_AND_NUMB = {"symptoms": ["sym-weakness", "sym-numbness"], "weakness-detail": ["weak-hands"]}


def fired(answers: dict) -> tuple[engine.FiredFlag, ...]:
    knowledge = get_knowledge()
    return engine.fired_red_flags(engine.given_findings(answers, knowledge), knowledge)


def test_several_warning_signs_make_one_card_at_the_highest_level(client):
    answer_steps(client, CALM, upto="symptoms")
    html = client.post("/step/symptoms/check/", WEAK_AND_NUMB, **HTMX).content.decode()
    cards = re.findall(r'<div class="callout callout-(\w+) live-warning" role="alert">', html)
    flags = [
        f
        for f in fired({**_flat(CALM, upto="symptoms"), **WEAK_AND_NUMB})
        if f.red_flag.urgency != "emergency"
    ]
    assert len({f.red_flag.urgency for f in flags}) > 1  # the answers raise signs of different levels
    level = most_urgent(f.red_flag.urgency for f in flags)
    assert cards == [level]
    assert f'<h2 class="h5">{urgency_display(level, REGIONS["gb"], "en-gb")["title"]}</h2>' in html
    for flag in flags:
        assert (flag.red_flag.title in html) == (flag.red_flag.urgency == level), flag.red_flag.code
        assert flag.red_flag.action.replace("{gp}", "GP") not in html


def test_the_step_page_itself_shows_the_same_one_card(client):
    answer_steps(client, CALM, upto="symptoms")
    client.post("/step/symptoms/", WEAK_AND_NUMB)
    html = client.get("/step/symptoms/").content.decode()
    assert html.count("live-warning") == 1


def test_no_warning_sign_no_card(client):
    answer_steps(client, CALM, upto="symptoms")
    html = client.post("/step/symptoms/check/", CALM["symptoms"], **HTMX).content.decode()
    assert "live-warning" not in html and 'role="alert"' not in html


def _flat(answers: dict, upto: str) -> dict:
    flat = {}
    for code, data in answers.items():
        if code == upto:
            break
        flat.update({k: v if isinstance(v, list) else [v] for k, v in data.items()})
    return flat
