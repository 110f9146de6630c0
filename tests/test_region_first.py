"""Region first (issue 20): nobody is given the United Kingdom's 999 because it is the default. The
first screen asks where the person is, with the region their browser's languages suggest ticked,
and any page that would give a number asks first when no region is chosen (a direct step address,
a junk cookie, results opened afresh), then goes back where the person was."""

from __future__ import annotations

import re

import pytest

from tests.helpers import CALM, HTMX, complete
from triage.regions import region_from_language_tags

pytestmark = pytest.mark.django_db

# A UK number written on its own (not inside a results address or a reference).
UK_999 = re.compile(r"(?<![\w-])999(?![\w-])")
# Any emergency or advice number a region gives, written on its own.
ANY_NUMBER = re.compile(r"(?<![\w-])(?:999|111|911|119|000|112|1800 633 422)(?![\w-])")
BOOSTED = {**HTMX, "HTTP_HX_BOOSTED": "true"}


def ticked(html: str) -> list[str]:
    """The regions ticked on the region question."""
    return re.findall(r'name="region" id="region-\w+" value="(\w+)" checked', html)


def asks_the_region(html: str) -> bool:
    return 'method="post" action="/region/"' in html and 'name="region"' in html


# What the browser suggests ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "region"),
    [
        ("zh-TW,zh;q=0.9,en;q=0.8", "tw"),
        ("zh-Hant", "tw"),
        ("zh-Hant-TW,en-US;q=0.5", "tw"),
        ("en-US,en;q=0.9", "us"),
        ("en-AU,en;q=0.9", "au"),
        ("en-GB,en;q=0.9", "gb"),
        # A bare language says nothing about where: the next tag decides.
        ("en;q=1.0,en-AU;q=0.9", "au"),
    ],
)
@pytest.mark.parametrize("path", ["/", "/step/start/"])
def test_each_browser_language_ticks_its_region_on_the_first_screen(newcomer, accept_language, region, path):
    response = newcomer.get(path, HTTP_ACCEPT_LANGUAGE=accept_language)
    html = response.content.decode()
    assert response.status_code == 200
    assert asks_the_region(html)
    assert ticked(html) == [region]
    assert "Accept-Language" in response["Vary"]


@pytest.mark.parametrize(
    "accept_language",
    [
        "",
        "fr-FR,fr;q=0.9",
        "en",
        "zh",
        "zh-CN,zh;q=0.9",
        "zh-Hans",
        "zh-HK",
        "en-NZ,en-US;q=0.8",
        "*",
        "junk;;;",
    ],
)
def test_a_browser_that_suggests_none_of_the_regions_gets_none_ticked(newcomer, accept_language):
    html = newcomer.get("/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    assert asks_the_region(html)
    assert ticked(html) == []


def test_the_first_tag_that_names_a_place_decides():
    assert region_from_language_tags(["en-us"]).code == "us"
    assert region_from_language_tags(["en", "en-au"]).code == "au"
    assert region_from_language_tags(["en-nz", "en-us"]) is None
    assert region_from_language_tags(["es-419", "en-us"]) is None
    assert region_from_language_tags(["zh-hant-hk", "zh-tw"]) is None
    assert region_from_language_tags(["zh_TW"]).code == "tw"
    assert region_from_language_tags([]) is None


def test_the_deployment_may_say_which_region_to_tick_when_the_browser_suggests_none(newcomer, settings):
    settings.TRIAGE_REGION = "au"
    html = newcomer.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    # Only ticked: the person still confirms it before any number is shown.
    assert asks_the_region(html) and ticked(html) == ["au"]
    assert not ANY_NUMBER.search(html)
    assert ticked(newcomer.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()) == ["us"]


# The first screen ------------------------------------------------------------------------------------


@pytest.mark.parametrize("accept_language", ["en-US,en;q=0.9", "en-AU,en;q=0.9", "zh-TW,zh;q=0.9"])
@pytest.mark.parametrize("path", ["/", "/step/start/", "/step/about/", "/check/", "/region/"])
def test_a_first_visit_never_shows_999_before_the_person_confirms_the_region(newcomer, accept_language, path):
    response = newcomer.get(path, HTTP_ACCEPT_LANGUAGE=accept_language)
    html = response.content.decode()
    assert response.status_code == 200, path
    assert not UK_999.search(html), path
    assert "NHS" not in html and "英國" not in html.split("</header>")[0], path
    # No number at all until the person says where they are, and nothing to dial.
    assert not ANY_NUMBER.search(html), path
    assert 'href="tel:' not in html, path


def test_the_first_screen_asks_the_region_before_anything_else(newcomer):
    html = newcomer.get("/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert "Muscle twitching: how soon should I get help?" in main
    assert "Where are you?" in main and ">Continue</button>" in main
    assert '<input type="hidden" name="next" value="/">' in main
    # Nothing of the questionnaire yet: no way in, no emergency box, no number in the footer.
    assert "Start now" not in main and "callout-emergency" not in main
    assert "In an emergency call your local emergency number." in html
    # The header's "Region: … — change" would point at the question already on the page.
    assert "region-control" not in html


@pytest.mark.parametrize(
    ("code", "accept_language", "box", "footer"),
    [
        ("us", "en-US", "Call 911 now if you:", "In an emergency call 911."),
        ("au", "en-AU", "Call 000 now if you:", "In an emergency call 000."),
        ("tw", "en-TW", "Call 119 now if you:", "In an emergency call 119."),
        (
            "elsewhere",
            "fr-FR",
            "Call 112 or your local emergency number now if you:",
            "call 112 or your local",
        ),
    ],
)
def test_once_chosen_the_start_page_gives_the_regions_number(newcomer, code, accept_language, box, footer):
    response = newcomer.post("/region/", {"region": code, "next": "/"}, HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["region"].value == code
    html = newcomer.get("/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()
    assert box in html and footer in html
    assert 'href="/step/start/"' in html and "Start now" in html
    assert not UK_999.search(html)


def test_in_chinese_taiwan_is_ticked_and_the_start_page_then_says_119(newcomer):
    html = newcomer.get("/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9").content.decode()
    assert "您在哪裡？" in html and ticked(html) == ["tw"] and ">繼續</button>" in html
    assert "緊急情況請撥打當地的緊急電話。" in html
    assert "英國" in html  # among the choices, not ticked
    newcomer.post("/region/", {"region": "tw", "next": "/"})
    html = newcomer.get("/", HTTP_ACCEPT_LANGUAGE="zh-TW,zh;q=0.9").content.decode()
    assert "如果您有下列情況，請立即撥打 119：" in html and "撥打 999" not in html


# Any other page that would give a number -------------------------------------------------------------


def test_a_direct_step_url_with_no_region_asks_first_and_then_goes_back_there(newcomer):
    response = newcomer.get("/step/start/?change=1", HTTP_ACCEPT_LANGUAGE="en-US")
    html = response.content.decode()
    assert response.status_code == 200 and asks_the_region(html)
    assert '<h1 tabindex="-1">Where are you?</h1>' in html
    assert '<input type="hidden" name="next" value="/step/start/?change=1">' in html
    assert "Check it is not an emergency" not in html and not ANY_NUMBER.search(html)
    back = newcomer.post("/region/", {"region": "us", "next": "/step/start/?change=1"})
    assert back["Location"] == "/step/start/?change=1"
    step = newcomer.get(back["Location"]).content.decode()
    assert "Check it is not an emergency" in step and "911" in step


def test_a_junk_region_cookie_asks_first(newcomer):
    for junk in ("<script>", "xx", "GB ", ""):
        newcomer.cookies["region"] = junk
        for page in ("/", "/step/start/"):
            html = newcomer.get(page, HTTP_ACCEPT_LANGUAGE="en-AU").content.decode()
            assert asks_the_region(html) and ticked(html) == ["au"], (junk, page)
            assert not UK_999.search(html) and "United Kingdom</span>" not in html, (junk, page)


def test_answers_posted_without_a_region_are_not_taken_and_the_region_is_asked(newcomer):
    response = newcomer.post("/step/start/", {"emergency-signs": ["em-seizure"]})
    html = response.content.decode()
    assert response.status_code == 200 and asks_the_region(html)
    assert '<input type="hidden" name="next" value="/step/start/">' in html
    assert not ANY_NUMBER.search(html)
    assert "questionnaire" not in newcomer.session


def test_the_check_page_asks_first_too(newcomer):
    assert asks_the_region(newcomer.get("/check/").content.decode())
    assert asks_the_region(newcomer.post("/check/").content.decode())


def test_a_results_page_opened_afresh_asks_first_with_the_region_it_was_taken_in_ticked(client, newcomer):
    client.post("/region/", {"region": "au"})
    url = complete(client, CALM)
    html = newcomer.get(url, HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert asks_the_region(html) and ticked(html) == ["au"]
    assert f'<input type="hidden" name="next" value="{url}">' in html
    assert "Your results" not in html and not ANY_NUMBER.search(html)
    newcomer.post("/region/", {"region": "au", "next": url})
    assert "Your results" in newcomer.get(url).content.decode()


def test_with_htmx_a_step_swapped_in_asks_in_place_and_the_live_check_reloads_the_page(newcomer):
    response = newcomer.get("/step/start/", HTTP_ACCEPT_LANGUAGE="en-US", **BOOSTED)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert asks_the_region(html) and ticked(html) == ["us"]
    # The form is not boosted: saving reloads the whole page, header and footer included.
    assert 'action="/region/" hx-boost="false"' in html
    live = newcomer.post("/step/start/check/", {"emergency-signs": ["em-seizure"]}, **HTMX)
    assert live.status_code == 200 and live["HX-Refresh"] == "true"
    assert not ANY_NUMBER.search(live.content.decode())


def test_pages_that_give_no_advice_name_no_number_without_a_region(newcomer):
    response = newcomer.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "In an emergency call your local emergency number." in html
    assert 'Region: <span class="region-name">not chosen</span> — ' in html
    assert ">choose<" in html and not ANY_NUMBER.search(html)


def test_the_australian_nurse_line_is_1800_633_422_on_the_pages(client):
    client.post("/region/", {"region": "au"})
    html = client.get("/").content.decode()
    assert "In an emergency call 000. For urgent advice call 1800MEDICARE on 1800 633 422." in html
    assert "1800 022 222" not in html and "healthdirect" not in html
