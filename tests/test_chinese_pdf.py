"""The summary for the doctor in Traditional Chinese: the PDF carries the Chinese characters as text
(a CJK font is installed by set-up), and the print view is in Chinese too."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata

import pytest
from django.conf import settings
from pypdf import PdfReader

from tests.helpers import complete
from tests.summaries import SCENARIO_FILES

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def test_a_font_with_traditional_chinese_is_installed():
    fonts = subprocess.run(["fc-list", ":lang=zh-tw", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no font covers Traditional Chinese: run scripts/install-pdf-libraries.sh"


def test_the_pdf_in_chinese_has_the_chinese_text_of_the_print_template(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    results = complete(client)
    response = client.get(results + "summary.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    # The heading, a section title and the page header, each in Chinese and readable as text.
    assert "肌肉跳動：給醫師的摘要" in text
    assert "建議的緊急程度" in text
    assert "第 1 頁，共" in text
    assert "summary for the doctor" not in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) <= 2


def test_the_print_view_is_in_chinese_and_its_fonts_fall_back_to_chinese_ones(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    page = client.get(complete(client) + "print/").content.decode()
    assert '<html lang="zh-hant">' in page
    assert "肌肉跳動：給醫師的摘要" in page
    stylesheet = (settings.BASE_DIR / "static/triage/css/print.css").read_text()
    body_fonts = re.search(r"^body \{ font-family: ([^;]+);", stylesheet, re.MULTILINE)[1]
    assert '"Noto Sans CJK TC"' in body_fonts and body_fonts.endswith("sans-serif")


def test_a_summary_printed_in_english_has_its_page_header_in_english_too(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    results = complete(client)
    page = client.get(results + "print/?in=en-gb").content.decode()
    assert 'page.css?in=en-gb"' in page
    css = client.get(results + "page.css?in=en-gb").content.decode()
    assert "Page " in css and "Reference" in css
    assert "第" not in css and "頁" not in css


@pytest.mark.rendering
@pytest.mark.parametrize("stem", [path.stem for path in SCENARIO_FILES])
def test_every_scenarios_pdf_in_chinese_fits_two_a4_pages_with_its_chinese_text(stem, printed_summaries):
    summary = printed_summaries(stem, "zh-hant")
    pages = summary.page_texts()
    assert 1 <= len(pages) <= 2, stem
    for number, text in enumerate(pages, start=1):
        header = unicodedata.normalize("NFKC", f"第 {number} 頁，共 {len(pages)} 頁")
        assert header in text, (stem, text[-200:])
    everything = "".join(" ".join(pages).split())
    # The characters are there as text, not boxes: every listed cause's name.
    for tier in summary.result["tiers"].values():
        for cause in tier:
            assert "".join(unicodedata.normalize("NFKC", cause["name"]).split()) in everything, cause["code"]
