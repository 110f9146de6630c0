"""Regions: each one's emergency number and services, the placeholders filled in its words, every
knowledge sentence reading well in every region, and the knowledge check catching a text that
names a number or a service itself."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from triage import engine, models
from triage.knowledge.check import ERROR, check
from triage.knowledge.localise import localised
from triage.knowledge.snapshot import knowledge_from_dict, knowledge_to_dict
from triage.questionnaire.results import FILLED_RESULTS_KEPT, filled_result
from triage.regions import (
    DEFAULT_REGION,
    LANGUAGES,
    PLACEHOLDERS,
    REGIONS,
    deployment_region,
    fill,
    fill_data,
    frozen,
    get_region,
    literal_services,
    unknown_placeholders,
)
from triage.vocabulary import URGENCY_TEXT, short_words

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_FILES = [
    ROOT / "fixtures" / name for name in ("questionnaire.json", "conditions.json", "red_flags.json")
]
TEXT_FIELDS = {
    "title",
    "intro",
    "text",
    "help_text",
    "label",
    "if_not_chosen",
    "name",
    "summary",
    "message",
    "action",
    "clinician_questions",
    "clinician_examination",
    "clinician_tests",
}
UK, US, TAIWAN, AUSTRALIA, ELSEWHERE = (REGIONS[c] for c in ("gb", "us", "tw", "au", "elsewhere"))


def knowledge_sentences() -> list[str]:
    """Every English knowledge text that carries a placeholder, from the shipped fixtures and the
    self-care table."""
    texts = []
    for path in KNOWLEDGE_FILES:
        for item in json.loads(path.read_text(encoding="utf-8")):
            if item["model"] == "triage.source":
                continue
            texts += [v for k, v in item["fields"].items() if k in TEXT_FIELDS and isinstance(v, str)]
    table = json.loads((ROOT / "triage" / "knowledge" / "self_care_lines.json").read_text(encoding="utf-8"))
    texts += [item["text"] for item in table["advice"].values()]
    texts += [str(getattr(words, part)) for words in URGENCY_TEXT.values() for part in ("title", "advice")]
    return sorted({t for t in texts if "{" in t})


# The regions ----------------------------------------------------------------------------------------


def test_the_five_regions_are_there_and_clinicians_lists_use_the_united_kingdoms_words():
    assert set(REGIONS) >= {"gb", "us", "tw", "au", "elsewhere"}
    # Only for the admin's short words: the public is asked (tests/test_region_first.py).
    assert DEFAULT_REGION == "gb"
    assert [UK.name_in("en-gb"), UK.name_in("zh-hant")] == ["United Kingdom", "英國"]
    assert [TAIWAN.name_in("en-gb"), TAIWAN.name_in("zh-hant")] == ["Taiwan", "臺灣"]
    assert ELSEWHERE.name_in("zh-hant") == "其他地區"


@pytest.mark.parametrize(
    ("region", "number"), [(UK, "999"), (US, "911"), (TAIWAN, "119"), (AUSTRALIA, "000"), (ELSEWHERE, "112")]
)
def test_each_region_dials_its_own_emergency_number(region, number):
    assert region.emergency_number == number
    assert region.emergency_tel == f"tel:{number}"
    assert region.words_in("en-gb")["emergency"].startswith(number)
    assert region.words_in("zh-hant")["emergency"].startswith(number)


def test_only_the_uk_and_australia_have_an_urgent_advice_line_to_tap():
    assert (UK.urgent_tel, UK.urgent_call_in("en-gb")) == ("tel:111", "Call NHS 111")
    assert AUSTRALIA.urgent_tel == "tel:1800633422"
    for region in (US, TAIWAN, ELSEWHERE):
        assert region.urgent_tel == "" and region.urgent_call_in("en-gb") == ""
        # No national line, so the words send people to care that can see them, never to a number.
        assert not re.search(r"\d", region.words_in("en-gb")["urgent"])


def test_the_australian_nurse_line_is_1800medicare_on_1800_633_422():
    # 1800MEDICARE replaced healthdirect's 1800 022 222 on 1 January 2026 ([AU-1800]).
    assert (AUSTRALIA.urgent_number, AUSTRALIA.urgent_tel) == ("1800 633 422", "tel:1800633422")
    assert AUSTRALIA.urgent_call_in("en-gb") == "Call 1800MEDICARE"
    assert AUSTRALIA.urgent_call_in("zh-hant") == "撥打 1800MEDICARE"
    assert AUSTRALIA.words_in("en-gb")["urgent"] == "1800MEDICARE on 1800 633 422"
    assert AUSTRALIA.words_in("zh-hant")["urgent"] == "1800MEDICARE（1800 633 422）"
    shown = [
        *AUSTRALIA.urgent_call.values(),
        *(AUSTRALIA.words_in(language)[name] for language in LANGUAGES for name in PLACEHOLDERS),
    ]
    assert not [text for text in shown if "022" in text or "healthdirect" in text.lower()]


def test_taiwan_has_no_phone_line_and_sends_people_to_a_clinic_today_or_after_hours_the_ed():
    assert TAIWAN.urgent_tel == "" and TAIWAN.emergency_tel == "tel:119"
    assert fill("If it gets worse, call {urgent}.", TAIWAN) == (
        "If it gets worse, call a clinic or hospital outpatient clinic that can see you today "
        "(after hours, go to the emergency department)."
    )
    assert TAIWAN.words_in("zh-hant")["urgent"] == "當天可看診的診所或醫院門診（夜間或假日請到急診）"


def test_the_united_states_dials_911_with_no_national_advice_line():
    assert US.words_in("en-gb")["emergency"] == "911" and US.words_in("zh-hant")["emergency"] == "911"
    assert US.urgent_tel == "" and US.words_in("en-gb")["ed"] == "the emergency room"


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_every_region_has_words_for_every_placeholder_in_both_languages_and_cites_its_sources(code):
    region = REGIONS[code]
    for language in LANGUAGES:
        words = region.words_in(language)
        assert set(words) == set(PLACEHOLDERS), (code, language)
        assert all(w.strip() for w in words.values()), (code, language)
    assert region.sources
    assert all(s.title and s.publisher and s.url.startswith("https://") for s in region.sources)


def test_the_elsewhere_region_says_112_or_the_local_number():
    assert fill("Call {emergency} now.", ELSEWHERE) == "Call 112 or your local emergency number now."


def test_chinese_words_are_the_ones_taiwan_readers_use():
    assert fill("請撥打{emergency}或前往{ed}。", TAIWAN, "zh-hant") == "請撥打119或前往急診。"
    assert fill("{gp}", US, "zh-hant") == "家庭醫師"
    assert UK.words_in("zh-hant")["ed"] == "急診（A&E）"
    assert UK.words_in("zh-hant")["urgent"] == "NHS 111"


def test_an_unknown_region_code_is_none():
    assert get_region("gb") is UK
    assert get_region("xx") is None and get_region("") is None and get_region(None) is None


# Filling -------------------------------------------------------------------------------------------


def test_fill_puts_in_the_regions_words_in_each_language():
    text = "Call {emergency} or go to {ed} now, or call your {gp_surgery} or {urgent}. See a {gp}."
    assert fill(text, UK) == "Call 999 or go to A&E now, or call your GP surgery or NHS 111. See a GP."
    assert fill(text, US) == (
        "Call 911 or go to the emergency room now, or call your doctor's office or an urgent care clinic. "
        "See a primary care doctor."
    )
    assert fill("{emergency}", AUSTRALIA, "zh-hant") == "000"


def test_fill_leaves_other_braces_alone():
    assert fill("{name} and {} and { emergency } and {{emergency}}", UK) == (
        "{name} and {} and { emergency } and {999}"
    )
    assert fill("No braces here.", US) == "No braces here."


def test_an_unknown_language_falls_back_to_english():
    assert fill("{ed}", US, "fr") == "the emergency room"


def test_fill_data_fills_every_string_in_nested_data_and_keeps_the_rest():
    data = {"urgency": "emergency", "red_flags": [{"action": "Call {emergency}.", "because": []}], "n": 2}
    assert fill_data(data, TAIWAN) == {
        "urgency": "emergency",
        "red_flags": [{"action": "Call 119.", "because": []}],
        "n": 2,
    }
    assert data["red_flags"][0]["action"] == "Call {emergency}."  # the saved data is not changed


def test_fill_data_puts_in_words_that_json_would_escape_exactly():
    odd = replace(US, words=frozen({"en-gb": {**US.words_in("en-gb"), "ed": 'the "ER" \\ casualty'}}))
    data = {"text": ["Go to {ed} now.", "{ed}{ed}"], "codes": {"ed": "{ed}"}}
    assert fill_data(data, odd) == {
        "text": ['Go to the "ER" \\ casualty now.', 'the "ER" \\ casualty' * 2],
        "codes": {"ed": 'the "ER" \\ casualty'},
    }


def test_the_short_words_for_clinicians_take_the_region_given_else_the_default():
    assert short_words("emergency") == "Emergency (999 now)"
    assert short_words("emergency", US) == "Emergency (911 now)"
    assert short_words("routine", US) == "Routine primary care doctor appointment"


def test_clinicians_read_the_deployments_region_else_the_united_kingdoms(settings):
    settings.TRIAGE_REGION = ""
    assert deployment_region() is REGIONS[DEFAULT_REGION] is REGIONS["gb"]
    settings.TRIAGE_REGION = "us"
    assert deployment_region() is US
    assert short_words("emergency") == "Emergency (911 now)"


def test_a_deployment_in_the_united_states_gives_its_admin_american_words(settings, client, lead):
    settings.TRIAGE_REGION = "us"
    client.force_login(lead)
    flags = client.get("/admin/triage/redflag/").content.decode()
    assert "Emergency (911 now)" in flags
    assert "(999 now)" not in flags
    flag = models.RedFlag.objects.filter(urgency="emergency").first()
    form = client.get(f"/admin/triage/redflag/{flag.pk}/change/").content.decode()
    # The level's choices are the same for every region: they name no number and no service.
    choices = re.search(r'<select name="urgency".*?</select>', form, re.DOTALL).group(0)
    assert "Emergency: call the emergency number or go to an emergency department now" in choices
    assert not re.search(r"999|911|A&amp;E|\bER\b|\bGP\b", choices)


# Every sentence in every region ---------------------------------------------------------------------

SENTENCES = knowledge_sentences()


def test_the_knowledge_carries_placeholders_and_no_uk_number_or_service_written_out():
    assert len(SENTENCES) > 100
    for path in KNOWLEDGE_FILES:
        for item in json.loads(path.read_text(encoding="utf-8")):
            if item["model"] == "triage.source":
                continue
            for key, value in item["fields"].items():
                if key in TEXT_FIELDS and isinstance(value, str):
                    assert not literal_services(value), (item["fields"].get("code"), value)
                    assert not unknown_placeholders(value), (item["fields"].get("code"), value)


# Words that would clash with the article or possessive a placeholder follows.
CLASHES = re.compile(r"\b(a|an|the|your)\s+(a|an|the|your)\b", re.IGNORECASE)
A_BEFORE_VOWEL = re.compile(r"\ba\s+[aeiou]", re.IGNORECASE)
SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)(\S)")


@pytest.mark.parametrize("code", sorted(REGIONS))
def test_every_knowledge_sentence_reads_well_in_every_region(code):
    region = REGIONS[code]
    for text in SENTENCES:
        filled = fill(text, region)
        assert "{" not in filled, (code, filled)
        assert not CLASHES.search(filled), (code, filled)
        assert not A_BEFORE_VOWEL.search(filled), (code, filled)
        # No placeholder starts a sentence, where "the emergency room" would want a capital.
        starts = SENTENCE_START.findall(filled)
        assert all(not c.isalpha() or c.isupper() for c in starts), (code, filled)


# The knowledge, localised ---------------------------------------------------------------------------


def small_knowledge(action: str = "Call {emergency} or go to {ed} now.") -> engine.Knowledge:
    source = engine.SourceInfo(code="s", title="When to call 999", publisher="NHS", url="https://x")
    option = engine.FindingInfo(
        code="em-yes", label="Yes", help_text="Time to call {emergency}.", exclusive=False
    )
    question = engine.QuestionInfo(
        code="q",
        text="Any?",
        help_text="",
        kind="single",
        required=True,
        show_when=frozenset(),
        options=(option,),
    )
    step = engine.StepInfo(code="start", title="Start", intro="", questions=(question,))
    flag = engine.RedFlagInfo(
        code="flag",
        title="A sign",
        urgency="emergency",
        message="See a {gp} later.",
        action=action,
        findings=frozenset({"em-yes"}),
        sources=(source,),
    )
    return engine.Knowledge(steps=(step,), conditions=(), red_flags=(flag,), revision=7)


def test_localised_knowledge_has_every_text_filled_and_the_same_codes():
    knowledge = small_knowledge()
    us = localised(knowledge, region=US, language="en-gb")
    assert us.red_flags[0].action == "Call 911 or go to the emergency room now."
    assert us.red_flags[0].message == "See a primary care doctor later."
    assert us.findings["em-yes"].help_text == "Time to call 911."
    assert us.findings["em-yes"].question_code == knowledge.findings["em-yes"].question_code
    assert us.revision == 7 and us.red_flags[0].findings == knowledge.red_flags[0].findings
    # A source's title names the publication: it has no placeholder and stays as it is.
    assert us.red_flags[0].sources[0].title == "When to call 999"
    assert knowledge.red_flags[0].action == "Call {emergency} or go to {ed} now."


def test_localised_knowledge_is_made_once_per_knowledge_region_and_language():
    knowledge = small_knowledge()
    first = localised(knowledge, region=TAIWAN, language="en-gb")
    assert localised(knowledge, region=TAIWAN, language="en-gb") is first
    assert localised(knowledge, region=US, language="en-gb") is not first
    # Another knowledge (a new release) never gets the copy made from the old one.
    other = knowledge_from_dict(knowledge_to_dict(small_knowledge("Call {emergency} now.")), revision=7)
    assert localised(other, region=TAIWAN, language="en-gb").red_flags[0].action == "Call 119 now."


# The knowledge check --------------------------------------------------------------------------------


def region_errors(knowledge: engine.Knowledge) -> list[str]:
    return [p.message for p in check(knowledge) if p.level == ERROR and "placeholder" in p.message]


def test_the_knowledge_check_reports_an_unknown_placeholder():
    errors = region_errors(small_knowledge("Call {emergancy} now."))
    assert len(errors) == 1
    assert "'{emergancy}' is not a region placeholder" in errors[0]


@pytest.mark.parametrize(
    "action",
    [
        "Call 999 now.",
        "Call NHS 111 today.",
        "Go to A&E now.",
        "See your GP.",
        "Call your GP surgery.",
        "The NHS advises rest.",
        "Go to a minor injuries unit.",
        "Urgent treatment centres can help.",
    ],
)
def test_the_knowledge_check_reports_a_uk_number_or_service_written_out(action):
    errors = region_errors(small_knowledge(action))
    assert len(errors) == 1
    assert "only the United Kingdom has" in errors[0]


def test_the_knowledge_check_is_quiet_about_placeholders_and_a_sources_title():
    # The source is titled "When to call 999": the title of a publication, not advice.
    assert region_errors(small_knowledge()) == []


def test_the_knowledge_check_reads_titles_too():
    flag = replace(small_knowledge().red_flags[0], title="Seen by 2 GPs already")
    errors = region_errors(replace(small_knowledge(), red_flags=(flag,)))
    assert len(errors) == 1 and "GPs" in errors[0]


@dataclass(frozen=True)
class SavedResult:
    """Stands in for a saved assessment: hashed and compared by its primary key, as a model is."""

    pk: UUID

    def result_in(self, language: str) -> dict:
        return {"action": f"Call {{emergency}} ({language})."}


def test_a_filled_result_is_kept_per_assessment_region_and_language_and_only_the_latest_few():
    def assessment():
        return SavedResult(pk=uuid4())

    first = assessment()
    uk = filled_result(first, UK, "en-gb")
    assert uk == {"action": "Call 999 (en-gb)."}
    assert filled_result(first, US, "en-gb") == {"action": "Call 911 (en-gb)."}
    assert filled_result(first, UK, "zh-hant") == {"action": "Call 999 (zh-hant)."}
    assert filled_result(first, UK, "en-gb") is uk
    for _ in range(FILLED_RESULTS_KEPT):
        filled_result(assessment(), UK, "en-gb")
    again = filled_result(first, UK, "en-gb")
    assert again == uk and again is not uk
