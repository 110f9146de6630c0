"""The print view, printed to A4 by Chromium, fits on two pages and carries what a doctor needs."""

from __future__ import annotations

import subprocess
import unicodedata

from django.test import Client
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.conftest import SCREENSHOTS
from tests.browser.flow import (
    answers_by_step,
    condition_name,
    knowledge,
    red_flag_titles,
    scenario,
    urgency_title,
)
from tests.helpers import complete
from triage.scenarios.checks import urgency_band


def test_the_printed_summary_fits_two_a4_pages_with_everything_a_doctor_needs(page: Page, screenshot) -> None:
    # The longest summary among the scenarios: nine warning signs and a long list of causes.
    person = scenario("older-man-wasting-tongue-and-breathing")
    results_url = complete(Client(), answers_by_step(person["answers"]))
    page.goto(f"{results_url}print/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Muscle twitching: summary for the doctor")
    screenshot(page, "print-view")

    SCREENSHOTS.mkdir(exist_ok=True)
    pdf = SCREENSHOTS / "print-summary.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 2
    # NFKC undoes the ligatures (fl, fi) the PDF's fonts use.
    text = unicodedata.normalize("NFKC", " ".join(" ".join(p.extract_text().split()) for p in reader.pages))

    lowest, highest = urgency_band(person["expected"])
    assert lowest == highest  # this scenario expects one level exactly
    assert urgency_title(lowest) in text
    for title in red_flag_titles(person["expected"]["red_flags"]):
        assert title in text
    labels = {f.code: f.label for f in knowledge().findings.values()}
    for codes in person["answers"].values():
        for code in codes:
            assert " ".join(labels[code].split()) in text, labels[code]
    for tier in ("Possible causes, with what to consider for each", "Most likely"):
        assert tier in text
    # Motor neurone disease fits most of this man's answers: it leads, marked as one to rule out.
    assert f"{condition_name('als-mnd')} [must be ruled out]" in text
    assert "Use your browser" not in text and "Back to your results" not in text  # screen-only parts

    # Pictures of the printed pages for people to look at (poppler-utils, installed with Chromium).
    for old in SCREENSHOTS.glob("print-page-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SCREENSHOTS / "print-page")], check=True)
    assert len(list(SCREENSHOTS.glob("print-page-*.png"))) == len(reader.pages)
