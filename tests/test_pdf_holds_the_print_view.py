"""The PDF of the summary for the doctor holds everything its print view shows: every answer, warning
sign, cause and key negative, for every scenario, in every language. A page count alone once passed
while the PDF dropped the second half of the answers."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.summaries import SCENARIO_FILES

pytestmark = [pytest.mark.django_db, pytest.mark.rendering]

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# What the print view shows, by the elements that show it.
SHOWN = {
    "heading": "main h1, main h2, main h3",
    "one-line summary": ".one-line",
    "warning sign": ".print-urgency li",
    "cause": ".print-cause p",
    "answer": ".print-answers li",
    "key negatives": ".key-negatives",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("stem", [path.stem for path in SCENARIO_FILES])
def test_the_pdf_holds_every_answer_warning_sign_cause_and_key_negative_of_the_print_view(
    stem, language, printed_summaries
):
    summary = printed_summaries(stem, language)
    shown = {kind: summary.shown(selector) for kind, selector in SHOWN.items()}
    # The selectors still pick what they are meant to (an emergency may have no causes listed).
    assert shown["heading"] and shown["answer"], "the print view's markup changed: update SHOWN"
    missing = {kind: [text for text in texts if not summary.holds(text)] for kind, texts in shown.items()}
    missing = {kind: texts for kind, texts in missing.items() if texts}
    assert not missing, "the PDF lacks " + "; ".join(f"{kind}: {texts}" for kind, texts in missing.items())
