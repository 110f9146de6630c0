"""Red flags in the admin, easy to find and to tell apart: a search finds them by title, the list
shows each flag's urgency, time course, the answers it needs and the flags shown with it, filters by
the question and answer it reads, and a flag's page explains the flags it overlaps with."""

from __future__ import annotations

import re

import pytest
from django.db.models import Q

from triage.knowledge.draft import build_knowledge
from triage.knowledge_types import RedFlagInfo, shown_together
from triage.models import Finding, RedFlag

pytestmark = pytest.mark.django_db
LIST = "/admin/triage/redflag/"


def listed(html: str) -> set[str]:
    """The codes of the red flags in a list page's rows."""
    return set(re.findall(r'<td class="field-code">([^<]+)</td>', html))


def flag(code: str, every=(), one_of=(), also=()) -> RedFlagInfo:
    return RedFlagInfo(code, code, "urgent", "", "", frozenset(every), frozenset(one_of), (), frozenset(also))


def test_flags_shown_on_the_same_smallest_answers_are_found() -> None:
    general = flag("weak", every={"weak-one-side"})
    sudden = flag("sudden", every={"weak-one-side"}, one_of={"speed-minutes", "speed-days"})
    other = flag("other", every={"speed-days"}, one_of={"weak-both-legs"})
    together = shown_together([general, sudden, other])
    # Whenever "sudden" shows, "weak" shows too; "weak" alone shows nothing else.
    assert together == {"other": (), "sudden": ("weak",), "weak": ()}


def test_one_sided_weakness_over_days_raises_the_stroke_warning_alone() -> None:
    knowledge = build_knowledge()
    given = frozenset({"sym-weakness", "weak-one-side", "speed-days"})
    fired = {f.code for f in knowledge.red_flags if f.fires(given)}
    assert "sudden-one-sided-weakness" in fired
    assert "rapid-speech-swallowing-breathing-or-spreading-weakness" not in fired


def test_a_search_for_weakness_finds_the_flags_named_for_it(admin_client) -> None:
    html = admin_client.get(LIST, {"q": "weakness"}).text
    named = set(
        RedFlag.objects.filter(Q(title__icontains="weakness") | Q(code__icontains="weakness")).values_list(
            "code", flat=True
        )
    )
    assert listed(html) == named
    assert len(named) < 20


def test_the_list_shows_time_course_and_the_flags_shown_with_each(admin_client) -> None:
    html = admin_client.get(LIST, {"q": "one side"}).text
    row = re.search(r'<tr>.*?<td class="field-code">one-sided-weakness</td>.*?</tr>', html, re.S).group(0)
    assert '<td class="field-time_course">Any</td>' in row
    assert "<li>Weakness on one side that came on quickly</li>" in row
    sudden = re.search(
        r'<tr>(?:(?!<tr>).)*?<td class="field-code">sudden-one-sided-weakness</td>', html, re.S
    ).group(0)
    assert "Within minutes or hours; Over a day or a few days; I am not sure" in sudden
    assert "Emergency" in sudden and "Urgent" in row


def test_the_list_filters_by_the_question_and_the_answer_a_flag_reads(admin_client) -> None:
    answer = Finding.objects.get(code="weak-one-side")
    page = admin_client.get(LIST, {"question": answer.question_id}).text
    assert "By the answer it reads" in page and answer.label in page
    html = admin_client.get(LIST, {"question": answer.question_id, "answer": answer.pk}).text
    reading = RedFlag.objects.filter(
        Q(findings=answer) | Q(any_findings=answer) | Q(also_any_findings=answer)
    ).values_list("code", flat=True)
    assert listed(html) == set(reading) == {"one-sided-weakness", "sudden-one-sided-weakness"}


def test_the_list_filters_by_time_course_and_urgency(admin_client) -> None:
    html = admin_client.get(LIST, {"time_course": "speed-days", "urgency": "emergency"}).text
    expected = RedFlag.objects.filter(
        Q(findings__code="speed-days") | Q(any_findings__code="speed-days"), urgency="emergency"
    ).values_list("code", flat=True)
    assert listed(html) == set(expected) and "sudden-one-sided-weakness" in listed(html)
    untimed = listed(admin_client.get(LIST, {"time_course": "any", "urgency": "emergency"}).text)
    assert untimed and untimed.isdisjoint(listed(html))


def test_the_overlap_filter_lists_flags_shown_with_another(admin_client) -> None:
    alone = listed(admin_client.get(LIST, {"overlap": "no", "q": "one-sided"}).text)
    together = listed(admin_client.get(LIST, {"overlap": "yes", "q": "one-sided"}).text)
    assert {"one-sided-weakness", "sudden-one-sided-weakness"} <= together
    assert alone.isdisjoint(together)
    searched = RedFlag.objects.filter(Q(title__icontains="one-sided") | Q(code__icontains="one-sided"))
    assert alone | together == set(searched.values_list("code", flat=True))


def test_a_flags_page_explains_how_the_flags_shown_with_it_differ(admin_client) -> None:
    general = RedFlag.objects.get(code="one-sided-weakness")
    html = admin_client.get(f"/admin/triage/redflag/{general.pk}/change/").text
    section = html[html.index("Red flags shown on the same answers") :]
    assert "Weakness on one side that came on quickly" in section
    assert "Emergency" in section
    assert "Within minutes or hours; Over a day or a few days; I am not sure" in section
