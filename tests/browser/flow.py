"""Walking the questionnaire in a real browser the way a person does, from the scenario files."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.admin_data import STAFF_PASSWORD
from tests.helpers import SCENARIO_DIR
from triage import engine
from triage.knowledge.published import get_knowledge
from triage.questionnaire.results import urgency_display
from triage.regions import REGIONS
from triage.scenarios.checks import urgency_band
from triage.vocabulary import URGENCY_ORDER

SCENARIOS = SCENARIO_DIR

# One person for each level of urgency, from the clinical scenarios (which say what to expect).
JOURNEYS = {
    "self_care": "student-eyelid-caffeine-exams",
    "routine": "seed-004-persistent-calf-twitch",
    "urgent": "heavy-drinking-omeprazole-long-cramps",  # two follow-up questions
    "emergency": "back-pain-saddle-numbness",  # a follow-up question; ends at the symptoms step
}
RESULTS_TITLE = "Your results"
CHECK_TITLE = "Check your answers"


def scenario(name: str) -> dict:
    return json.loads((SCENARIOS / f"{name}.json").read_text())


def knowledge() -> engine.Knowledge:
    return get_knowledge()


def heading(page: Page):
    return page.locator("main h1")


def option(page: Page, question: str, code: str):
    return page.locator(f"input[name='{question}'][value='{code}']")


def continue_button(page: Page, name: str = "Continue"):
    return page.get_by_role("button", name=name, exact=True)


def emergency_panel(page: Page):
    """The panel an emergency answer brings up on a step, in place of Continue."""
    return page.locator(".emergency-panel")


def emergency_advice_button(page: Page):
    return page.get_by_role("button", name="Get emergency advice now")


def live_check(page: Page):
    """Waits for the live check (warnings, follow-up questions) that a change to an answer sets off."""
    return page.expect_response(lambda r: r.url.endswith("/check/") and r.request.method == "POST")


def tick(page: Page, question: str, code: str, js: bool = True, checked: bool = True) -> None:
    """Tick (or untick) one answer; with scripts on, wait for the live check it sets off."""
    box = option(page, question, code)
    if box.is_checked() == checked:
        return
    if js:
        with live_check(page):
            box.set_checked(checked)
    else:
        box.set_checked(checked)


MORE_DETAIL = "Your answer needs one more detail"


def answer_step(
    page: Page,
    step: engine.StepInfo,
    answers: dict,
    js: bool = True,
    more_detail: str = MORE_DETAIL,
    continue_name: str = "Continue",
) -> None:
    """Tick this step's answers. With scripts a follow-up question appears as soon as its trigger is
    ticked; without, a person answers what is shown, presses Continue and gets the follow-up
    question with a note."""
    later = []
    for question in step.questions:
        if question.code not in answers:
            continue
        if not js and question.show_when and page.locator(f"input[name='{question.code}']").count() == 0:
            later.append(question)
            continue
        for code in answers[question.code]:
            tick(page, question.code, code, js)
    if later:
        continue_button(page, continue_name).click()
        expect(page.get_by_text(more_detail)).to_be_visible()
        for question in later:
            for code in answers[question.code]:
                tick(page, question.code, code, js)


def start(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="Start now").click()


def to_the_step(page: Page, code: str, answers: dict, js: bool = True) -> None:
    """From the start page to the step `code`, answering each step before it from `answers` (a
    step's answers by step code, as tests.helpers.CALM gives them)."""
    start(page)
    for step in knowledge().steps:
        if step.code == code:
            return
        given = {question: [v] if isinstance(v, str) else v for question, v in answers[step.code].items()}
        answer_step(page, step, given, js)
        continue_button(page).click()
        expect(heading(page)).not_to_have_text(step.title)


def answers_by_step(answers: dict) -> dict[str, dict[str, list[str]]]:
    """A scenario's answers grouped by step, as the step forms post them."""
    return {
        step.code: {q.code: answers[q.code] for q in step.questions if q.code in answers}
        for step in knowledge().steps
    }


def walk(
    page: Page,
    answers: dict,
    js: bool = True,
    screenshot: Callable | None = None,
    label: str = "",
    stop_at_check: bool = False,
) -> list[str]:
    """Answer every step from the start page to the results (or only to the check page); returns
    the step codes answered.

    An emergency answer ends the questionnaire early: with scripts its panel replaces Continue and
    its button leads straight to the results; without, Continue does.
    """
    page.goto("/")
    if screenshot:
        screenshot(page, f"{label}-0-start-page")
    page.get_by_role("link", name="Start now").click()
    steps = knowledge().steps
    answered = []
    for index, step in enumerate(steps):
        expect(heading(page)).to_have_text(step.title)
        answer_step(page, step, answers, js)
        if screenshot:
            screenshot(page, f"{label}-{index + 1}-{step.code}")
        answered.append(step.code)
        if js and emergency_panel(page).count():
            emergency_advice_button(page).click()
        else:
            continue_button(page).click()
        following = steps[index + 1].title if index + 1 < len(steps) else CHECK_TITLE
        expect(heading(page)).to_have_text(re.compile(f"^({re.escape(following)}|{RESULTS_TITLE})$"))
        if heading(page).inner_text() == RESULTS_TITLE:
            return answered
    if screenshot:
        screenshot(page, f"{label}-8-check")
    if stop_at_check:
        return answered
    page.get_by_role("button", name="Get my results").click()
    expect(heading(page)).to_have_text(RESULTS_TITLE)
    return answered


def urgency_title(code: str) -> str:
    """In the default region's words (the United Kingdom's)."""
    return urgency_display(code, REGIONS["gb"], "en-gb")["title"]


def red_flag_titles(codes) -> list[str]:
    by_code = {flag.code: flag.title for flag in knowledge().red_flags}
    return sorted(by_code[code] for code in codes)


def condition_name(code: str) -> str:
    return next(c.name for c in knowledge().conditions if c.code == code)


def expect_results(page: Page, expected: dict) -> None:
    """The results page shows an urgency within the expected band, every expected red flag and,
    first under 'Most likely', the expected condition. An emergency result is about the emergency
    alone (issue 21, item 2): it shows the expected emergency warning signs and no causes (the
    engine's ranking is checked by tests/test_scenarios.py)."""
    expect(page).to_have_url(re.compile(r"/results/[0-9a-f-]{36}/$"))
    low, high = urgency_band(expected)
    band = URGENCY_ORDER[URGENCY_ORDER.index(high) : URGENCY_ORDER.index(low) + 1]
    expect(page.locator("#urgency-title")).to_have_text(
        re.compile("|".join(re.escape(urgency_title(u)) for u in band))
    )
    emergency = page.locator("#urgency-title").inner_text() == urgency_title("emergency")
    wanted = expected.get("red_flags", ())
    if emergency:
        level = {flag.code: flag.urgency for flag in knowledge().red_flags}
        wanted = [code for code in wanted if level[code] == "emergency"]
    flags = page.locator("section[aria-labelledby='flags-title'] .callout h3")
    if wanted:
        expect(flags.first).to_be_visible()
    shown = set(flags.all_inner_texts())
    assert set(red_flag_titles(wanted)) <= shown, shown
    if emergency:
        expect(page.get_by_text("What might be causing it")).to_have_count(0)
    elif "most_likely" in expected:
        top = page.locator(
            "xpath=//h3[normalize-space()='Most likely']"
            "/following-sibling::details[1]//span[@class='condition-name']"
        )
        expect(top).to_contain_text(condition_name(expected["most_likely"]))


def sign_in(page: Page, username: str, next_url: str = "/admin/") -> None:
    """Sign in to the admin through its form, as a clinician does, and land on next_url."""
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
