"""The Traditional Chinese uses one word per concept: every zh-Hant text (the site's catalogue, the
knowledge translations, the templates and the regions' words) spells each glossary term one way,
with full-width marks; and the knowledge check warns a clinician about a translation that does not.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from tests.helpers import CALM
from tests.test_no_english_left_in_chinese import SCENARIO_FILES, client_in, saved, visible_texts
from triage.knowledge import glossary
from triage.knowledge.check import find_problems
from triage.models import Condition, RedFlag
from triage.regions import REGIONS

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "triage/locale/zh_Hant/LC_MESSAGES/django.po"
TRANSLATIONS = ROOT / "fixtures/translations/zh-hant"
CHINESE = re.compile(r"[\u3400-\u9fff]")
# The site's strings only clinicians read: the admin's own templates and code.
ADMIN_PLACES = ("templates/admin/", "triage/admin/", "triage/models.py", "triage/knowledge/")


def catalogue_texts() -> list[tuple[str, str, bool]]:
    """(place, text, only clinicians read it) for every msgstr of the site's catalogue."""
    texts = []
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        place = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
        clinician = all(path.startswith(ADMIN_PLACES) for path, _line in entry.occurrences)
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                texts.append((f"django.po ({place}) {entry.msgid[:40]!r}", text, clinician))
    return texts


def knowledge_texts() -> list[tuple[str, str, bool]]:
    texts = []
    for path in sorted(TRANSLATIONS.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            kind = item["model"].split(".")[1]
            for field, text in item["fields"].items():
                key = f"{kind}/{item['code']}/{field}"
                texts.append((f"{path.name} {key}", text, glossary.is_clinician_text(key)))
    return texts


def template_texts() -> list[tuple[str, str, bool]]:
    """Chinese written into a template (not through the catalogue), line by line."""
    texts = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CHINESE.search(line):
                place = f"{path.relative_to(ROOT)}:{number}"
                texts.append((place, line, "templates/admin/" in place))
    return texts


def region_texts() -> list[tuple[str, str, bool]]:
    texts = []
    for region in REGIONS.values():
        texts.append((f"regions.py {region.code} name", region.name_in("zh-hant"), False))
        texts.append((f"regions.py {region.code} call", region.urgent_call_in("zh-hant"), False))
        for name, words in region.words["zh-hant"].items():
            texts.append((f"regions.py {region.code} {{{name}}}", words, False))
    return texts


def every_chinese_text() -> list[tuple[str, str, bool]]:
    return catalogue_texts() + knowledge_texts() + template_texts() + region_texts()


def test_the_glossary_is_one_word_per_concept():
    terms = glossary.load()
    assert len(terms) >= 30
    concepts = [t.concept for t in terms]
    assert len(concepts) == len(set(concepts))
    for term in terms:
        assert term.wrong, term.concept
        assert term.note or term.concept in {"antidepressant", "overactive thyroid", "as soon as possible"}
        # The chosen word is not itself one of its wrong spellings, and no wrong spelling is
        # listed as right for another concept.
        assert glossary.slips(term.term, [term]) == [], term.concept
    for term in terms:
        for other in terms:
            if other is not term:
                assert other.term not in term.wrong, (term.concept, other.concept)


def test_it_names_each_second_spelling_it_finds():
    terms = glossary.load()
    found = glossary.slips("被蜱蟲叮咬後，肌肉越來越無力，請看您的{gp}。", terms)
    assert {(s.found, s.term) for s in found} == {
        ("蜱蟲", "壁蝨"),
        ("越來越", "愈來愈"),
        ("您的{gp}", "看{gp}門診（臺灣：家醫科或神經內科門診）"),
    }
    assert glossary.slips("被壁蝨叮咬後，肌肉愈來愈無力，請掛號看{gp}門診。", terms) == []


def test_a_right_word_that_holds_a_wrong_one_is_not_a_slip():
    terms = glossary.load()
    assert glossary.slips("腦中風或小中風（TIA）", terms) == []
    assert [s.found for s in glossary.slips("可能是中風", terms)] == ["中風"]
    # Clinicians read the clinical word; the public reads the everyday one.
    assert glossary.slips("手部內在肌萎縮", terms, clinician=True) == []
    assert [s.found for s in glossary.slips("無肌肉萎縮", terms)] == ["肌肉萎縮"]


def test_every_chinese_text_spells_each_glossary_term_one_way():
    terms = glossary.load()
    offending = [
        f"{place}: {'; '.join(map(str, found))}\n    {text}"
        for place, text, clinician in every_chinese_text()
        if (found := glossary.slips(text, terms, clinician=clinician))
    ]
    assert len(every_chinese_text()) > 1500
    assert offending == [], "\n".join(offending)


def test_chinese_text_uses_full_width_marks():
    offending = [
        f"{place}: {marks}\n    {text}"
        for place, text, _clinician in every_chinese_text()
        if (marks := glossary.half_width_marks(text))
    ]
    assert offending == [], "\n".join(offending)


def test_the_regions_family_doctor_is_always_a_clinic_to_see():
    offending = [
        f"{place}\n    {text}"
        for place, text, _clinician in every_chinese_text()
        if glossary.gp_not_at_a_clinic(text)
    ]
    assert offending == [], "\n".join(offending)
    assert glossary.gp_not_at_a_clinic("請看您的{gp}。")
    assert glossary.gp_not_at_a_clinic("如果肌肉跳動超過 2 週，請看%(gp)s。")
    assert not glossary.gp_not_at_a_clinic("請掛號看{gp}門診；或看{gp}的一般門診。")


def test_half_width_marks_are_found_only_against_chinese():
    assert glossary.half_width_marks("肌電圖(EMG)檢查") == ["圖(", ")檢"]
    assert glossary.half_width_marks("例如「NICE CKS: Stroke and TIA」") == []
    assert glossary.half_width_marks("肌電圖（EMG）") == []


@pytest.mark.django_db
def test_the_knowledge_check_warns_about_a_translation_off_the_glossary():
    flag = RedFlag.objects.get(code="tick-bite")
    flag.title_zh_hant = "最近被蜱蟲叮咬"
    flag.save()
    problems = [p for p in find_problems() if p.check == "glossary"]
    assert [(p.model, p.code, p.is_error) for p in problems] == [("redflag", "tick-bite", False)]
    assert "「蜱蟲」 for tick (the animal): write 「壁蝨」" in problems[0].message


@pytest.mark.django_db
def test_the_shipped_translations_pass_the_knowledge_check_glossary():
    assert Condition.objects.exclude(summary_zh_hant=None).exists()
    assert [str(p) for p in find_problems() if p.check == "glossary"] == []


# Every fifth scenario: each cause, warning and region word on a results page and its print.
PAGE_SCENARIOS = SCENARIO_FILES[::5]


@pytest.mark.rendering
@pytest.mark.parametrize("region", ["tw", "gb"])
def test_the_chinese_results_and_print_pages_follow_the_glossary(knowledge, region):
    """What the pages put together (an answer beside its question, the one-line summary, a region's
    words in a sentence) follows the glossary too, with full-width marks."""
    terms = glossary.load()
    offending = []
    for path in PAGE_SCENARIOS:
        url = saved(json.loads(path.read_text())["answers"], knowledge).get_absolute_url()
        client = client_in("zh-hant")
        client.cookies["region"] = region
        for page, clinician in ((url, False), (f"{url}print/", True)):
            html = client.get(page).content.decode()
            assert '<html lang="zh-hant">' in html
            for text in visible_texts(html):
                found = [str(s) for s in glossary.slips(text, terms, clinician=clinician)]
                found += glossary.half_width_marks(text)
                if found:
                    offending.append(f"{path.stem} {page}: {'; '.join(found)}\n    {text}")
    assert offending == [], "\n".join(offending)


@pytest.mark.rendering
def test_the_print_summary_ends_on_words_that_stand_alone(knowledge):
    # The saved form: question → answer codes, as a scenario file has them.
    answers = {q: [a] if isinstance(a, str) else a for step in CALM.values() for q, a in step.items()}
    url = saved({**answers, "course": ["course-same"]}, knowledge).get_absolute_url()
    html = client_in("zh-hant").get(f"{url}print/").content.decode()
    assert "；大致沒有變化。" in html
    assert "差不多" not in html


def test_the_glossary_page_lists_every_term():
    page = (ROOT / "docs/glossary-zh-hant.md").read_text(encoding="utf-8")
    for term in glossary.load():
        assert f"| {term.term} |" in page, term.concept
        assert all(variant in page for variant in term.wrong), term.concept
