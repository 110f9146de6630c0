"""A result reads in the language the questionnaire was taken in, can be printed in English for a
doctor abroad, and says the same thing in every language: the engine works on codes, never on text."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from tests.helpers import CALM, SCENARIO_FILES, complete
from triage.knowledge.languages import english_keys, missing, translated
from triage.knowledge.snapshot import knowledge_from_dict, knowledge_to_dict
from triage.models import Assessment
from triage.scenarios import checks

pytestmark = pytest.mark.django_db

CHINESE = "zh-hant"


def in_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = CHINESE
    return client


def codes(result: dict) -> dict:
    """What a saved result says, as codes only."""
    return {
        "urgency": result["urgency"],
        "red_flags": [(f["code"], f["urgency"]) for f in result["red_flags"]],
        "tiers": {tier: [c["code"] for c in causes] for tier, causes in result["tiers"].items()},
        "raised_by": [r["code"] for r in result["raised_by"]],
        "answers": [[q["code"] for q in step["questions"]] for step in result["answers"]],
    }


def test_the_shipped_knowledge_has_every_public_text_in_chinese(knowledge):
    assert english_keys(knowledge)
    assert missing(knowledge, CHINESE) == []


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_every_scenario_gives_the_same_outcome_in_chinese(knowledge, path):
    scenario = json.loads(path.read_text())
    english = checks.run(scenario, knowledge)
    chinese = checks.run(scenario, translated(knowledge, CHINESE))
    assert chinese.outcome == english.outcome
    assert chinese.failures == english.failures
    assert chinese.problems == english.problems


def test_a_questionnaire_taken_in_chinese_is_saved_in_chinese_and_english(client, knowledge):
    url = complete(in_chinese(client), CALM)
    assessment = Assessment.objects.get()
    assert assessment.language == CHINESE
    chinese = assessment.translated_results[CHINESE]
    assert codes(chinese) == codes(assessment.result)
    local = translated(knowledge, CHINESE)
    cause = chinese["tiers"]["most_likely"][0]
    assert cause["name"] == next(c.name for c in local.conditions if c.code == cause["code"])
    assert cause["name"] != assessment.result["tiers"]["most_likely"][0]["name"]

    page = client.get(url).content.decode()
    assert '<html lang="zh-hant">' in page
    assert cause["name"] in page
    assert assessment.result["tiers"]["most_likely"][0]["name"] not in page


def test_a_result_taken_in_english_reads_in_english(client):
    url = complete(client, CALM)
    assessment = Assessment.objects.get()
    assert assessment.language == settings.LANGUAGE_CODE
    page = client.get(url).content.decode()
    assert assessment.result["tiers"]["most_likely"][0]["name"] in page
    # Nothing to offer: the summary is in English already.
    assert "?in=en-gb" not in page


def test_a_chinese_result_offers_its_summary_in_english(client):
    url = complete(in_chinese(client), CALM)
    assessment = Assessment.objects.get()
    english_name = assessment.result["tiers"]["most_likely"][0]["name"]
    chinese_name = assessment.translated_results[CHINESE]["tiers"]["most_likely"][0]["name"]
    page = client.get(url).content.decode()
    assert f'{assessment.get_absolute_url()}print/?in=en-gb"' in page
    assert f'{assessment.get_absolute_url()}summary.pdf?in=en-gb"' in page

    summary = client.get(f"{url}print/").content.decode()
    assert '<html lang="zh-hant">' in summary
    assert chinese_name in summary

    in_english = client.get(f"{url}print/?in=en-gb").content.decode()
    assert '<html lang="en-gb">' in in_english
    assert english_name in in_english
    assert chinese_name not in in_english
    # Its own PDF link keeps to English.
    assert "summary.pdf?in=en-gb" in in_english


def test_an_unknown_print_language_gives_the_persons_own(client):
    url = complete(in_chinese(client), CALM)
    page = client.get(f"{url}print/?in=xx").content.decode()
    assert '<html lang="zh-hant">' in page


def test_an_older_assessment_without_translations_shows_english_in_chinese(client):
    url = complete(client, CALM)
    assessment = Assessment.objects.get()
    Assessment.objects.filter(pk=assessment.pk).update(translated_results={})
    cookies = f"{settings.LANGUAGE_COOKIE_NAME}={CHINESE}; {settings.REGION_COOKIE_NAME}=gb"
    page = client.get(url, HTTP_COOKIE=cookies).content.decode()
    assert assessment.result["tiers"]["most_likely"][0]["name"] in page


def test_a_release_published_before_languages_still_reads_and_shows_english(knowledge):
    snapshot = knowledge_to_dict(knowledge)
    del snapshot["translations"]
    older = knowledge_from_dict(snapshot, revision=knowledge.revision)
    assert older.translations == {}
    assert translated(older, CHINESE) is older
    scenario = json.loads(SCENARIO_FILES[0].read_text())
    assert checks.run(scenario, older).outcome == checks.run(scenario, knowledge).outcome
