"""Everything clinicians type reaches the public as plain, escaped text: no stored script runs."""

from __future__ import annotations

import pytest

from tests.helpers import CALM, HTMX, answer_steps, complete, with_changes
from triage.knowledge.releases import publish_release
from triage.models import Condition, Finding, Question, RedFlag, SelfCareAdvice, Step

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

# Eyelid twitching for over three months raises a routine red flag.
ANSWERS = with_changes(
    onset={**CALM["onset"], "onset-when": "onset-long"},
)


@pytest.fixture
def poisoned():
    """A clinician has typed a script into every free-text field the public sees."""
    step = Step.objects.get(code="location")
    step.intro = f"Intro {SCRIPT}"
    step.save()
    question = Question.objects.get(code="location")
    question.text = f"Where {SCRIPT}?"
    question.help_text = f"Hint {SCRIPT}"
    question.save()
    option = Finding.objects.get(code="loc-eyelid")
    option.label = f"Eyelid {SCRIPT}"
    option.help_text = f"Help {SCRIPT}"
    option.save()
    flag = RedFlag.objects.get(code="eyelid-twitch-over-three-months")
    flag.title = f"Flag {SCRIPT}"
    flag.message = f"Message {SCRIPT}"
    flag.action = f"Action {SCRIPT}"
    flag.save()
    SelfCareAdvice.objects.update(text=f"Rest {SCRIPT}")
    for condition in Condition.objects.all():
        condition.name = f"{condition.name} {SCRIPT}"
        condition.summary = f"Summary {SCRIPT}"
        condition.clinician_tests = f"Blood test {SCRIPT}"
        condition.save()
    publish_release(user=None, note="Text with a script in it")


def assert_escaped(html: str, *texts: str) -> None:
    assert SCRIPT not in html
    for text in texts:
        assert f"{text} {ESCAPED}" in html, text


def test_the_step_page_escapes_clinicians_text(client, poisoned):
    answer_steps(client, ANSWERS, upto="location")
    html = client.get("/step/location/").content.decode()
    assert_escaped(html, "Intro", "Hint", "Eyelid", "Help")
    assert f"Where {ESCAPED}?" in html


def test_the_live_warning_escapes_clinicians_text(client, poisoned):
    answer_steps(client, ANSWERS, upto="location")
    html = client.post("/step/location/check/", ANSWERS["location"], **HTMX).content.decode()
    # The one live card names the signs; their message and action are the results page's.
    assert_escaped(html, "Flag")


def test_the_check_page_escapes_clinicians_text(client, poisoned):
    answer_steps(client, ANSWERS)
    html = client.get("/check/").content.decode()
    assert_escaped(html, "Eyelid")


def test_the_results_page_escapes_clinicians_text(client, poisoned):
    html = client.get(complete(client, ANSWERS)).content.decode()
    assert_escaped(html, "Flag", "Message", "Action", "Summary", "Eyelid")


def test_the_print_page_escapes_clinicians_text(client, poisoned):
    url = complete(client, ANSWERS)
    html = client.get(f"{url}print/").content.decode()
    assert_escaped(html, "Flag", "Eyelid", "Blood test")
    assert f"Where {ESCAPED}?" in html
