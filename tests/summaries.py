"""Every scenario's summary for the doctor, printed once per language: the print view's HTML and the
text of the PDF made from it, for the tests that read them (marker `rendering`)."""

from __future__ import annotations

import io
import json
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import cssselect2
import tinyhtml5
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation
from pypdf import PdfReader

from tests.helpers import SCENARIO_DIR
from triage import engine
from triage.knowledge.published import get_knowledge
from triage.models import Assessment, Release
from triage.questionnaire.pdf import summary_pdf
from triage.questionnaire.results import results_in_every_language
from triage.questionnaire.results_views import print_context
from triage.reference import new_reference

SCENARIOS = SCENARIO_DIR
SCENARIO_FILES = sorted(SCENARIOS.glob("*.json"))


def folded(text: str) -> str:
    """Text as the PDF and the page can both be compared in: NFKC undoes the PDF fonts' ligatures
    (fi, fl) and makes full-width marks plain; every space goes, because a line break in the PDF
    comes out as a space between two words but as nothing between two Chinese characters."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True)
class PrintedSummary:
    reference: str
    # The result as printed, in the summary's language.
    result: dict
    html: str
    # Each page's lines as the PDF's text extraction gives them, whitespace folded (single spaces).
    pages: list[list[str]]

    def page_texts(self) -> list[str]:
        # NFKC undoes the ligatures (fi, fl) the PDF's fonts use.
        return [unicodedata.normalize("NFKC", " ".join(lines)) for lines in self.pages]

    @cached_property
    def print_view(self) -> cssselect2.ElementWrapper:
        # Parsed and searched with WeasyPrint's own HTML parser and selector library.
        return cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(self.html))

    def shown(self, selector: str) -> list[str]:
        """The text of each element of the print view that a CSS selector picks."""
        return ["".join(element.etree_element.itertext()) for element in self.print_view.query_all(selector)]

    def holds(self, text: str) -> bool:
        """True when the PDF has the text whole on a page, or begun at the end of a line on one page
        and carried on from the start of a line on the next (a two-column page breaks each column
        on its own, so the rest of the page sits between the two parts in the extracted text)."""
        wanted = folded(text)
        pages = [[folded(line) for line in lines] for lines in self.pages]
        if any(wanted in "".join(lines) for lines in pages):
            return True
        for before, after in zip(pages, pages[1:], strict=False):
            for split in range(1, len(wanted)):
                head, tail = wanted[:split], wanted[split:]
                if ends_a_line(head, before) and starts_a_line(tail, after):
                    return True
        return False


def ends_a_line(text: str, lines: list[str]) -> bool:
    joined, end = "", []
    for line in lines:
        joined += line
        end.append(len(joined))
    return any(joined.endswith(text, 0, position) for position in end)


def starts_a_line(text: str, lines: list[str]) -> bool:
    joined, starts = "", []
    for line in lines:
        starts.append(len(joined))
        joined += line
    return any(joined.startswith(text, position) for position in starts)


def scenario_assessment(path: Path, knowledge: engine.Knowledge) -> Assessment:
    """An unsaved assessment of a scenario's answers, with its result in every language."""
    answers = engine.clean_answers(json.loads(path.read_text())["answers"], knowledge)
    outcome, result, others = results_in_every_language(answers, knowledge)
    assessment = Assessment(
        answers={code: list(codes) for code, codes in answers.items()},
        result=result,
        translated_results=others,
        urgency=outcome.urgency,
        knowledge_revision=knowledge.revision,
        release=Release.objects.filter(version=knowledge.revision).first(),
        reference=new_reference(),
    )
    assessment.created_at = timezone.now()
    return assessment


def printed_summary(stem: str, language: str) -> PrintedSummary:
    """A scenario's print view and PDF in a language. Needs the database (the published knowledge)."""
    assessment = scenario_assessment(SCENARIOS / f"{stem}.json", get_knowledge())
    request = RequestFactory().get("/")
    with translation.override(language):
        context = print_context(request, assessment)
        html = render_to_string("triage/print.html", context, request=request)
        pdf = summary_pdf(context)
    pages = [
        [" ".join(line.split()) for line in page.extract_text().splitlines() if line.strip()]
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]
    return PrintedSummary(
        reference=assessment.reference_display, result=context["result"], html=html, pages=pages
    )
