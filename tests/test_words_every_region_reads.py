"""The English people read in every region (issue 20, item 3): no UK-only idiom ("being sick" for
vomiting, "tummy") and no UK service or number written into a text, where a region's own word comes
from a placeholder ({emergency}, {ed}, {gp}, {urgent}). The knowledge's English and the public
pages' own strings are checked; the regions' words themselves (triage/regions.py) are not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from triage.translation import TRANSLATED_FIELDS

ROOT = Path(__file__).resolve().parent.parent
UK_ONLY = re.compile(r"\b(being sick|been sick|be sick|tummy|A&E|NHS|999|111|GP)\b")
KNOWLEDGE = ("questionnaire.json", "red_flags.json", "conditions.json")
TRANSLATED = {model._meta.label_lower: fields for model, fields in TRANSLATED_FIELDS.items()}
PUBLIC_PAGES = ("templates/triage/",)


def offending(text: str) -> list[str]:
    without_placeholders = re.sub(r"\{[a-z_]+\}|%\([a-z_]+\)s", "", text)
    return UK_ONLY.findall(without_placeholders)


def test_the_knowledge_english_has_no_uk_only_words():
    found = []
    for name in KNOWLEDGE:
        for item in json.loads((ROOT / "fixtures" / name).read_text()):
            for field in TRANSLATED.get(item["model"], ()):
                text = item["fields"].get(field) or ""
                if words := offending(text):
                    found.append((item["fields"].get("code"), field, words, text[:80]))
    assert found == []


def test_the_public_pages_own_english_has_no_uk_only_words():
    catalogue = polib.pofile(str(ROOT / "triage/locale/zh_Hant/LC_MESSAGES/django.po"))
    found = [
        (entry.msgid[:80], offending(entry.msgid))
        for entry in catalogue
        if not entry.obsolete
        and any(path.startswith(PUBLIC_PAGES) for path, _line in entry.occurrences)
        and offending(entry.msgid)
    ]
    assert found == []


def test_the_check_catches_what_it_is_for():
    assert offending("Diabetes with being sick") == ["being sick"]
    assert offending("Call 999 or go to A&E now") == ["999", "A&E"]
    assert offending("Call {emergency} or go to {ed} now, or see your {gp}") == []


# Each region's own measures and slogans (issue 20, item 3): triage/regional_measures.py -------------

ALCOHOL_EXAMPLE = "life-alcohol-daily"
STROKE_SIGNS = "em-stroke"
# What each region's alcohol measure must say; the first words are its own and no other region's.
OWN_MEASURE = {
    "gb": ("6 pints", "14 units"),
    "us": ("standard drink holds 14 g", "for a woman"),
    "au": ("10 standard drinks a week", "10 g of alcohol"),
    "tw": ("one unit is 10 g", "for a woman"),
    "elsewhere": ("112 g of alcohol",),
}


def knowledge_text(code: str, region: str, language: str) -> str:
    from triage.knowledge.localise import localised
    from triage.knowledge.published import get_knowledge
    from triage.regions import REGIONS

    knowledge = localised(get_knowledge(), region=REGIONS[region], language=language)
    options = (option for step in knowledge.steps for q in step.questions for option in q.options)
    return next(option.help_text for option in options if option.code == code)


@pytest.mark.django_db
@pytest.mark.parametrize("region", sorted(OWN_MEASURE))
def test_each_region_counts_alcohol_in_its_own_measure(region):
    text = knowledge_text(ALCOHOL_EXAMPLE, region, "en-gb")
    assert text.startswith("For example, more than ") and text.endswith(".")
    for words in OWN_MEASURE[region]:
        assert words in text, (region, text)
    others = [words[0] for other, words in OWN_MEASURE.items() if other != region and words[0] in text]
    assert others == [], (region, text)


@pytest.mark.django_db
def test_taiwan_counts_alcohol_in_grams_and_units_of_ten_and_no_one_else_reads_pints_in_chinese():
    taiwan = knowledge_text(ALCOHOL_EXAMPLE, "tw", "zh-hant")
    assert "10 公克" in taiwan and "品脫" not in taiwan and "英國" not in taiwan
    assert "品脫" in knowledge_text(ALCOHOL_EXAMPLE, "gb", "zh-hant")
    assert "14 公克" in knowledge_text(ALCOHOL_EXAMPLE, "us", "zh-hant")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("region", "language", "slogan", "number"),
    [
        ("gb", "en-gb", "Think FAST", "999"),
        ("us", "en-gb", "Think FAST", "911"),
        ("au", "en-gb", "Think FAST", "000"),
        ("tw", "zh-hant", "微笑、舉手、說你好", "119"),
        ("tw", "en-gb", "微笑、舉手、說你好", "119"),
        ("gb", "zh-hant", "FAST", "999"),
    ],
)
def test_each_region_remembers_the_signs_of_a_stroke_its_own_way(region, language, slogan, number):
    text = knowledge_text(STROKE_SIGNS, region, language)
    assert slogan in text and number in text, text
    assert ("FAST" in text) == (region != "tw"), text


@pytest.mark.django_db
def test_a_person_in_the_united_states_reads_us_drinks_on_the_page_and_taiwan_reads_its_slogan(client):
    from tests.helpers import CALM, answer_steps

    client.cookies["region"] = "us"
    # The pattern step opens once the steps before it are answered.
    answer_steps(client, CALM, upto="pattern")
    page = client.get("/step/pattern/").content.decode()
    assert "where a standard drink holds 14 g of alcohol" in page and "pints" not in page
    client.cookies["region"] = "tw"
    client.cookies["django_language"] = "zh-hant"
    start = client.get("/step/start/").content.decode()
    assert "微笑、舉手、說你好" in start and "FAST" not in start


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("region", "publishers"),
    [
        ("us", ("National Institute on Alcohol Abuse and Alcoholism", "CDC")),
        ("au", ("National Health and Medical Research Council", "Stroke Foundation")),
        ("tw", ("內政部消防署", "衛生福利部")),
        ("gb", ('NHS: <a href="https://www.nhs.uk/live-well/alcohol-advice/calculating-alcohol-units/"',)),
    ],
)
def test_the_results_name_where_the_regions_measures_come_from(client, region, publishers):
    from tests.helpers import complete

    client.cookies["region"] = region
    html = client.get(complete(client)).content.decode()
    sources = html.split('id="sources-title"', 1)[1]
    for publisher in publishers:
        assert publisher in sources, (region, publisher)
    others = {"us": "National Institute on Alcohol Abuse", "au": "Stroke Foundation", "tw": "內政部消防署"}
    assert [p for other, p in others.items() if other != region and p in sources] == []
