"""English and Traditional Chinese: `<html lang>` on every public page, the browser's language on a
first visit, and the header's switcher, which works without JavaScript and keeps every answer."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from tests.helpers import CALM, answer_steps

pytestmark = pytest.mark.django_db

CHINESE = {"HTTP_ACCEPT_LANGUAGE": "zh-TW,zh;q=0.9,en;q=0.5"}
SITE_NAME = {"en-gb": "Muscle twitching check", "zh-hant": "肌肉跳動自我評估"}


def html_lang(response) -> str:
    return re.search(r'<html lang="(?P<lang>[^"]+)"', response.content.decode())["lang"]


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def public_pages(client) -> list[tuple[str, object]]:
    """Each public page of a questionnaire taken to the end, in the order a person sees them."""
    pages = [("start", client.get("/"))]
    answer_steps(client, CALM)
    pages += [("step", client.get("/step/onset/")), ("check", client.get("/check/"))]
    results = client.post("/check/")["Location"]
    pages += [("results", client.get(results)), ("print", client.get(results + "print/"))]
    return [*pages, ("missing", client.get("/no-such-page/"))]


@pytest.mark.parametrize("language", ["en-gb", "zh-hant"])
def test_every_public_page_says_its_language_in_html_lang(client, language):
    for name, response in public_pages(in_language(client, language)):
        assert response.status_code == (404 if name == "missing" else 200), name
        assert html_lang(response) == language, name
        assert response["Content-Language"] == language, name
        assert SITE_NAME[language] in response.content.decode() or name == "print", name


def test_a_first_visit_from_a_taiwanese_browser_is_in_chinese(client):
    response = client.get("/", **CHINESE)
    assert html_lang(response) == "zh-hant"
    page = response.content.decode()
    assert "肌肉跳動：我該多快就醫？" in page
    assert "Start now" not in page
    # Caches keep the languages apart.
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


@pytest.mark.parametrize("accept", ["zh-Hant", "zh-HK", "zh-Hant-TW"])
def test_other_ways_of_asking_for_traditional_chinese_get_it(client, accept):
    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE=accept)) == "zh-hant"


@pytest.mark.parametrize("accept", ["zh-CN", "zh-Hans", "zh-SG", "zh", "en-US,en;q=0.9", "fr-FR", ""])
def test_simplified_chinese_and_other_languages_get_english(client, accept):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert html_lang(response) == "en-gb"
    assert "Start now" in response.content.decode()


def test_the_chosen_language_wins_over_the_browsers(client):
    in_language(client, "en-gb")
    assert html_lang(client.get("/", **CHINESE)) == "en-gb"


def test_every_page_offers_the_other_language_named_in_that_language(client):
    english = client.get("/step/start/").content.decode()
    assert '<form class="language-switch" method="post" action="/i18n/setlang/">' in english
    assert '<input type="hidden" name="next" value="/step/start/" data-current-page>' in english
    assert 'name="language" value="zh-hant" lang="zh-hant">繁體中文</button>' in english
    assert 'value="en-gb"' not in english
    chinese = in_language(client, "zh-hant").get("/step/start/").content.decode()
    assert 'name="language" value="en-gb" lang="en-gb">English</button>' in chinese


def test_the_switcher_works_without_javascript_and_keeps_every_answer(client):
    answer_steps(client, CALM, upto="location")
    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/step/location/"})
    assert response.status_code == 302
    assert response["Location"] == "/step/location/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"

    step = client.get("/step/location/")
    assert step.status_code == 200
    assert html_lang(step) == "zh-hant"
    assert "繼續" in step.content.decode()
    # The steps answered before the switch still have every answer ticked.
    for code in ("start", "about", "onset"):
        page = client.get(f"/step/{code}/").content.decode()
        for question, answers in CALM[code].items():
            for answer in [answers] if isinstance(answers, str) else answers:
                tick = re.search(rf'<input[^>]*name="{question}"[^>]*value="{answer}"[^>]*>', page)
                assert tick and "checked" in tick[0], (code, question, answer)


def test_the_switcher_never_sends_a_person_to_another_site(client):
    response = client.post("/i18n/setlang/", {"language": "zh-hant", "next": "https://example.com/"})
    assert response.status_code == 302
    assert "example.com" not in response["Location"]


def test_a_language_the_site_does_not_have_changes_nothing(client):
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert html_lang(client.get("/")) == "en-gb"


def test_a_page_refused_before_the_view_runs_is_in_the_persons_language_too(client):
    # The request body limit answers before sessions and views: the language is chosen before it.
    in_language(client, "zh-hant")
    response = client.post("/step/start/", {"emergency-signs": "x" * 70_000})
    assert response.status_code == 400
    assert html_lang(response) == "zh-hant"
    assert "抱歉，我們無法讀取這個請求" in response.content.decode()


def test_the_summary_offers_its_other_language_without_changing_the_persons(client):
    in_language(client, "zh-hant")
    answer_steps(client, CALM)
    results = client.post("/check/")["Location"]
    chinese = client.get(results + "print/").content.decode()
    assert '<a href="?in=en-gb" lang="en-gb" hreflang="en-gb">English</a>' in chinese
    english = client.get(results + "print/?in=en-gb")
    assert html_lang(english) == "en-gb"
    assert '<a href="?in=zh-hant" lang="zh-hant" hreflang="zh-hant">繁體中文</a>' in english.content.decode()
    # A summary for the doctor in English leaves the person's own pages in Chinese.
    assert settings.LANGUAGE_COOKIE_NAME not in english.cookies
    assert html_lang(client.get(results)) == "zh-hant"


@pytest.mark.parametrize(
    ("language", "level"), [("en-gb", "[Emergency (999 now)]"), ("zh-hant", "【緊急（立即撥打 999）】")]
)
def test_the_summary_names_each_warning_signs_level_in_its_own_language(client, language, level):
    in_language(client, language)
    results = client.post("/step/start/", {"emergency-signs": ["em-seizure"]})["Location"]
    summary = client.get(results + "print/").content.decode()
    assert level in summary
    if language != "en-gb":
        assert "Emergency (" not in summary


def visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_the_chinese_summary_uses_chinese_punctuation_and_the_english_keeps_its_own(client):
    """Lists joined with 、, phrases with ；, sentences ending in 。, a label followed by ：, quoted
    answers in 「」 and an aside in （）; the English summary of the same answers is as before."""
    in_language(client, "zh-hant")
    answers = {
        **CALM,
        # Jerks with sweating after a new medicine: a warning sign raised by several answers.
        "onset": {**CALM["onset"], "onset-context": ["ctx-new-medicine", "ctx-stress"]},
        "location": {**CALM["location"], "movement": ["mv-flicker", "sym-jerks"]},
        "general": {"general-symptoms": ["gen-tired", "gen-sweating"]},
    }
    answer_steps(client, answers)
    check = visible_text(client.get("/check/").content.decode())
    # "None of these" unfolds to the answers it says no to (the key negatives are the doctor's).
    assert "以上皆無" in check and "您回答「沒有」的選項" in check
    results = client.post("/check/")["Location"]
    page = client.get(results).content.decode()
    assert re.search(r"因為您回答了：「[^」]+」、「", visible_text(page))
    # No space after a full-width mark: "時間：現在", "地區：臺灣".
    assert re.search(r"<strong>時間：</strong>\S", page)
    assert '地區：<span class="region-name">' in page
    chinese = visible_text(client.get(results + "print/").content.decode())
    assert "摘要：年齡 18 至 39 歲、男性。肌肉跳動：眼皮、一側" in chinese
    assert re.search(r"重要陰性發現：無[^\n]*、無[^\n]*。", chinese)
    assert re.search(r"以上皆無（無[^）]*、無", chinese)
    assert "「" in chinese and "」、「" in chinese
    for english_mark in ("”, “", "; ", ", 無", " (無"):
        assert english_mark not in chinese, english_mark

    english = visible_text(client.get(results + "print/?in=en-gb").content.decode())
    assert "Summary: Age 18 to 39, male. Twitching: eyelid" in english
    assert "”, “" in english
    assert re.search(r"None of these \(no [^)]*, no ", english)
