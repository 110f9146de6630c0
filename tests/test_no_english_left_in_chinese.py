"""Every public page, in each of its states, has no English left in Traditional Chinese: no site
string from the catalogue and no knowledge text that reads the same as on the English page.

Each page is fetched twice in the same state, once in English and once in Chinese. A piece of text
that is the same on both, and has an English word in it, was not translated. Allowed: what is the
same in every language (numbers, the reference, addresses), abbreviations a Taiwanese doctor writes
in Latin letters, and what is marked lang="en" (the titles of the English sources cited, the name
of the English language on the switcher).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from tests.helpers import CALM, SCENARIO_FILES, answer_steps
from triage import engine
from triage.models import Assessment, Release
from triage.questionnaire.results import results_in_every_language
from triage.reference import new_reference

pytestmark = pytest.mark.django_db

CHINESE = "zh-hant"
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Words that stay in Latin letters in Chinese: names of services and abbreviations in clinical use.
KEPT = {"NHS", "ALS", "MND", "MRI", "EMG", "NCS", "TSH", "ECG", "EEG", "BFS", "TIA", "PPI", "SSRI", "FAST"}
SKIPPED_ELEMENTS = {"script", "style", "title"}
# The same in every language: a web address, and the reference a person reads out.
UNIVERSAL = re.compile(r"^(https?://\S+|[A-Z0-9]{4}-[A-Z0-9]{4})$")


class VisibleText(HTMLParser):
    """The visible text nodes of a page, and the attributes a person reads (alt, aria-label,
    placeholder, title), leaving out anything inside an element marked lang="en"."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def skipping(self) -> bool:
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        skip = tag in SKIPPED_ELEMENTS or (attributes.get("lang") or "").lower().startswith("en")
        if tag == "html":
            skip = False
        if not self.skipping() and not skip:
            for name in ("alt", "aria-label", "placeholder", "title"):
                if attributes.get(name):
                    self.texts.append(attributes[name].strip())
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skipping():
            self.texts.append(text)


def visible_texts(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return set(parser.texts)


def untranslated(english: str, chinese: str) -> set[str]:
    """Text on the Chinese page that is the same as on the English page and has English words."""
    same = visible_texts(english) & visible_texts(chinese)
    return {text for text in same if set(ENGLISH_WORD.findall(text)) - KEPT and not UNIVERSAL.match(text)}


def client_in(language: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def both(path: str, method: str = "get", data: dict | None = None, setup=None) -> tuple[str, str]:
    pages = []
    for language in (settings.LANGUAGE_CODE, CHINESE):
        client = client_in(language)
        if setup:
            setup(client)
        response = getattr(client, method)(path, data or {})
        pages.append(response.content.decode())
    return pages[0], pages[1]


def saved(answers: dict, knowledge: engine.Knowledge) -> Assessment:
    cleaned = engine.clean_answers(answers, knowledge)
    outcome, result, others = results_in_every_language(cleaned, knowledge)
    return Assessment.objects.create(
        answers={code: list(codes) for code, codes in cleaned.items()},
        result=result,
        translated_results=others,
        urgency=outcome.urgency,
        knowledge_revision=knowledge.revision,
        release=Release.objects.filter(version=knowledge.revision).first(),
        reference=new_reference(),
    )


def test_the_check_finds_english_on_a_page_that_is_not_translated():
    same = '<p lang="en">Source title</p><p>42</p><p>ZEX7-787V</p><p>https://example.test/results/1/</p>'
    english = f'<html lang="en-gb"><p>Continue</p>{same}</html>'
    chinese = f'<html lang="zh-hant"><p>Continue</p>{same}</html>'
    assert untranslated(english, chinese) == {"Continue"}


@pytest.mark.parametrize("path", ["/", "/region/", "/no-such-page/"])
def test_pages_outside_the_questionnaire_have_no_english_left(knowledge, path):
    english, chinese = both(path)
    assert '<html lang="zh-hant">' in chinese
    assert untranslated(english, chinese) == set()


@pytest.mark.parametrize("path", ["/", "/step/about/", "/region/", "/no-such-page/"])
def test_the_region_question_and_pages_without_a_region_have_no_english_left(knowledge, path):
    def first_visit(client: Client) -> None:
        client.cookies.pop(settings.REGION_COOKIE_NAME)

    english, chinese = both(path, setup=first_visit)
    assert 'name="region"' in chinese or path == "/no-such-page/"
    assert untranslated(english, chinese) == set()


@pytest.mark.parametrize("step", list(CALM))
def test_every_step_has_no_english_left_whether_answered_or_not(knowledge, step):
    def earlier(client: Client) -> None:
        answer_steps(client, CALM, upto=step)

    english, chinese = both(f"/step/{step}/", setup=earlier)
    assert untranslated(english, chinese) == set()
    # The same step sent with nothing ticked: its error messages.
    english, chinese = both(f"/step/{step}/", "post", {}, setup=earlier)
    assert untranslated(english, chinese) == set()


def test_the_check_page_and_an_emergency_on_the_first_step_have_no_english_left(knowledge):
    def all_answered(client: Client) -> None:
        answer_steps(client, CALM)

    english, chinese = both("/check/", setup=all_answered)
    assert untranslated(english, chinese) == set()
    emergency = [o.code for o in knowledge.steps[0].questions[0].options if not o.exclusive][:1]
    english, chinese = both("/step/start/", "post", {"emergency-signs": emergency})
    assert untranslated(english, chinese) == set()


# What a page says does not depend on the database: the PostgreSQL pass leaves this out.
@pytest.mark.rendering
@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_every_scenarios_results_and_summary_have_no_english_left(knowledge, path):
    assessment = saved(json.loads(path.read_text())["answers"], knowledge)
    url = assessment.get_absolute_url()
    english, chinese = both(url)
    assert '<html lang="zh-hant">' in chinese
    assert untranslated(english, chinese) == set()
    english, chinese = both(f"{url}print/")
    assert untranslated(english, chinese) == set()
