"""The likelihood-ratio scale in a clinician's words: every choice names its number first, the key
beside the links says what each choice does to a condition that starts at 3 in 10, worked out with
the engine's own arithmetic, and the admin names the ratios as likelihood ratios."""

from __future__ import annotations

import math
import re

import pytest

from triage.models import Condition, ConditionFinding, Question
from triage.vocabulary import EXAMPLE_PRIOR, Ratio, after_ratio, chance_in_words, ratio_example


def test_every_choice_shows_its_number_first() -> None:
    for ratio in Ratio:
        assert ratio.label.startswith(f"×{ratio.value:g} "), ratio.label


def test_no_choice_claims_to_rule_a_condition_out() -> None:
    # ×0.05 on a 3-in-10 prior still leaves about 2 in 100.
    assert not any("rules" in str(ratio.label) for ratio in Ratio)
    assert ratio_example(Ratio.VERY_STRONGLY_AGAINST) == "3 in 10 becomes about 2 in 100"
    assert ratio_example(Ratio.VERY_STRONGLY_FOR) == "3 in 10 becomes about 9 in 10"
    assert ratio_example(Ratio.AGAINST) == "3 in 10 becomes about 8 in 100"


@pytest.mark.parametrize("ratio", list(Ratio))
def test_the_examples_use_the_engines_arithmetic(ratio: Ratio) -> None:
    # The engine adds log ratios to the prior's log odds (triage/engine.py).
    log_odds = math.log(EXAMPLE_PRIOR / (1 - EXAMPLE_PRIOR)) + math.log(ratio)
    assert after_ratio(EXAMPLE_PRIOR, ratio) == pytest.approx(1 / (1 + math.exp(-log_odds)))


def test_small_chances_read_as_one_in_a_number() -> None:
    assert chance_in_words(0.002) == "about 1 in 500"
    assert chance_in_words(0.0005) == "about 1 in 2,000"
    assert chance_in_words(0.05) == "about 5 in 100"
    assert chance_in_words(0.9) == "about 9 in 10"


def visible_text(html: str) -> str:
    """The page's words a sighted clinician reads: without the screen-reader-only labels."""
    html = re.sub(r'<(label|span|caption)[^>]*class="visually-hidden"[^>]*>.*?</\1>', "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        lambda: f"/admin/triage/condition/{Condition.objects.get(code='benign-twitches').pk}/change/",
        lambda: f"/admin/triage/question/{Question.objects.get(code='symptoms').pk}/change/",
        lambda: f"/admin/triage/conditionfinding/{ConditionFinding.objects.first().pk}/change/",
    ],
    ids=["condition", "question", "link"],
)
def test_each_page_where_ratios_are_picked_shows_the_scale_on_screen(admin_client, page) -> None:
    text = visible_text(admin_client.get(page()).text)
    assert "Likelihood ratio when given" in text
    assert "Likelihood ratio when not given" in text
    for ratio in Ratio:
        assert f"{ratio.label} {ratio_example(ratio)}" in text


@pytest.mark.django_db
def test_a_links_page_asks_for_the_reason_once(admin_client) -> None:
    link = ConditionFinding.objects.first()
    html = admin_client.get(f"/admin/triage/conditionfinding/{link.pk}/change/").text
    assert html.count('name="change_reason"') == 1
