"""The person's region: chosen on /region/ without JavaScript and kept in a cookie, shown on every
page, and deciding every number and service on the pages, the print view and the PDF."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from django.template import loader
from pypdf import PdfReader

from tests.helpers import answer_steps, complete, with_changes
from triage.models import Assessment
from triage.web.context_processors import region_context

pytestmark = pytest.mark.django_db

# Weakness with slurred speech and trouble swallowing over weeks: get help today, with many
# warning signs that each name numbers and services.
URGENT = with_changes(
    about={"age": "age-50-74", "sex": "sex-male", "known-conditions": ["known-none"]},
    symptoms={
        "symptoms": ["sym-weakness", "sym-slurred-speech", "sym-swallowing"],
        "_shown": ["weakness-detail"],
        "weakness-detail": ["weak-worse", "weak-dropping"],
    },
    general={"serious-speed": "speed-weeks"},
)
# A UK number written on its own (not inside a results address or a reference).
UK_999 = re.compile(r"(?<![\w-])999(?![\w-])")


def choose(client, code: str, next_url: str = "/"):
    return client.post("/region/", {"region": code, "next": next_url})


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in reader.pages))


def emergency_results(client) -> str:
    response = client.post("/step/start/", {"emergency-signs": ["em-seizure"]})
    assert response.status_code == 302
    return response["Location"]


# The region page ------------------------------------------------------------------------------------


def test_the_region_page_lists_every_region_with_the_current_one_ticked_and_a_save_button(client):
    html = client.get("/region/?next=/check/").content.decode()
    for code, name in [
        ("gb", "United Kingdom"),
        ("us", "United States"),
        ("tw", "Taiwan"),
        ("au", "Australia"),
    ]:
        assert f'name="region" id="region-{code}" value="{code}"' in html
        assert f'for="region-{code}">{name}</label>' in html
    assert 'value="gb" checked' in html
    assert '<input type="hidden" name="next" value="/check/">' in html
    assert 'method="post" action="/region/"' in html and ">Save</button>" in html


def test_saving_a_region_sets_a_years_lax_cookie_and_goes_back_where_the_person_was(client):
    response = choose(client, "us", "/step/about/")
    assert response.status_code == 302 and response["Location"] == "/step/about/"
    cookie = response.cookies["region"]
    assert cookie.value == "us"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    assert 'value="us" checked' in client.get("/region/").content.decode()


def test_the_cookie_is_secure_where_the_other_cookies_are(client, settings):
    settings.SESSION_COOKIE_SECURE = True
    assert choose(client, "tw").cookies["region"]["secure"]


def test_a_next_address_on_another_site_goes_to_the_start_instead(client):
    assert choose(client, "au", "https://evil.example/").get("Location") == "/"
    assert choose(client, "au", "//evil.example/").get("Location") == "/"


def test_an_unknown_region_is_refused_and_changes_nothing(client):
    response = choose(client, "xx")
    assert response.status_code == 400
    assert "Choose where you are." in response.content.decode()
    assert "region" not in response.cookies


def test_a_cookie_naming_no_region_counts_as_none_and_the_region_is_asked(client):
    # Once the United Kingdom by default; now no region, so the question (tests/test_region_first.py).
    client.cookies["region"] = "<script>"
    html = client.get("/").content.decode()
    assert "Where are you?" in html and 'name="region"' in html
    assert "United Kingdom</span>" not in html and not UK_999.search(html)


def test_every_public_page_has_the_region_control_with_a_way_back(client):
    html = client.get("/step/start/").content.decode()
    assert 'Region: <span class="region-name">United Kingdom</span> — ' in html
    assert 'href="/region/?next=/step/start/"' in html
    choose(client, "tw")
    assert '<span class="region-name">Taiwan</span>' in client.get("/").content.decode()


def test_australia_gets_000_and_the_1800medicare_nurse_line_to_tap(client):
    choose(client, "au")
    html = client.get("/").content.decode()
    assert '<span class="region-name">Australia</span>' in html
    assert "Call 000 now if you:" in html
    assert "In an emergency call 000. For urgent advice call 1800MEDICARE on 1800 633 422." in html
    results = client.get(complete(client, URGENT)).content.decode()
    assert '<a class="btn btn-light call-link" href="tel:1800633422">Call 1800MEDICARE</a>' in results
    assert "or call 1800MEDICARE on 1800 633 422" in results
    assert "1800 022 222" not in results and "1800022222" not in results and "healthdirect" not in results


# Numbers and services on the pages ------------------------------------------------------------------


def test_the_united_states_gets_911_and_no_999_anywhere(client):
    choose(client, "us")
    pages = {"start": client.get("/").content.decode()}
    answer_steps(client, URGENT, upto="start")
    pages["step"] = client.get("/step/start/").content.decode()
    url = complete(client, URGENT)
    pages["results"] = client.get(url).content.decode()
    pages["print"] = client.get(f"{url}print/").content.decode()
    pages["pdf"] = pdf_text(client.get(f"{url}summary.pdf").content)
    emergency = emergency_results(client)
    pages["emergency results"] = client.get(emergency).content.decode()
    pages["emergency print"] = client.get(f"{emergency}print/").content.decode()
    pages["emergency pdf"] = pdf_text(client.get(f"{emergency}summary.pdf").content)
    for name, text in pages.items():
        # The urgent result's summary for the doctor names no number at all.
        assert "911" in text or name in ("print", "pdf"), name
        assert not UK_999.search(text), (name, text[UK_999.search(text).start() - 200 :][:400])
        assert "NHS 111" not in text and "A&amp;E" not in text and "A&E" not in text, name
        assert not re.search(r"\bGP\b", text), name
    assert 'href="tel:911"' in pages["emergency results"]
    assert "Call your doctor&#x27;s office for an urgent appointment" in pages["results"]
    # No national urgent line: no number to tap under an urgent result.
    assert "tel:111" not in pages["results"]


def test_the_united_kingdom_gives_999_and_nhs_111(client):
    # The test client has chosen the United Kingdom (tests/conftest.py): no longer a default.
    url = complete(client, URGENT)
    html = client.get(url).content.decode()
    assert 'href="tel:111"' in html and "Call NHS 111" in html
    assert "In an emergency call 999. For urgent advice call NHS 111." in html


def test_taiwan_gets_119_on_the_emergency_panel_and_result(client):
    choose(client, "tw")
    panel = client.post("/step/start/check/", {"emergency-signs": ["em-seizure"]}, HTTP_HX_REQUEST="true")
    assert '<a class="btn btn-light btn-lg call-999" href="tel:119">Call 119</a>' in panel.content.decode()
    html = client.get(emergency_results(client)).content.decode()
    assert 'href="tel:119"' in html and "Call 119 or go to the emergency department now" in html


def test_an_assessment_keeps_its_region_and_its_print_uses_it_for_a_reader_without_one(client):
    choose(client, "au")
    url = emergency_results(client)
    assert Assessment.objects.get().region == "au"
    # A clinician opening the link has chosen no region: the person's numbers.
    client.cookies.pop("region")
    assert "Call 000 or go to the emergency department now" in client.get(f"{url}print/").content.decode()
    assert "Call 000 or go to the emergency department now" in pdf_text(
        client.get(f"{url}summary.pdf").content
    )
    # A reader who chose a region sees their own.
    choose(client, "gb")
    html = client.get(f"{url}print/").content.decode()
    assert "Call 999 or go to A&amp;E now" in html and "Call 000" not in html


def test_the_error_pages_name_no_number_without_a_region_and_the_chosen_regions_with_one(rf, settings):
    # Once the deployment's default region's numbers: now no region is given that was not chosen.
    settings.TRIAGE_REGION = "us"
    html = loader.get_template("500.html").render(region_context(None))
    assert "If you feel very unwell, call your local emergency number." in html
    assert "In an emergency call your local emergency number." in html
    assert not re.search(r"\b(999|911)\b", html)
    request = rf.get("/step/about/")
    request.COOKIES["region"] = "us"
    html = loader.get_template("500.html").render(region_context(request))
    assert "If you feel very unwell, call 911. For urgent advice call an urgent care clinic." in html


def test_in_chinese_taiwan_reads_119_and_the_emergency_department_in_chinese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    choose(client, "tw")
    assert "如果您有下列情況，請立即撥打 119：" in client.get("/").content.decode()
    html = client.get(emergency_results(client)).content.decode()
    assert "請立即撥打 119 或前往急診" in html
    assert 'href="tel:119"' in html and not UK_999.search(html)
    assert "地區：" in html and '<span class="region-name">臺灣</span>' in html
