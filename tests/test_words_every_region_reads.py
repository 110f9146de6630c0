"""The English people read in every region (issue 20, item 3): no UK-only idiom ("being sick" for
vomiting, "tummy") and no UK service or number written into a text, where a region's own word comes
from a placeholder ({emergency}, {ed}, {gp}, {urgent}). The knowledge's English and the public
pages' own strings are checked; the regions' words themselves (triage/regions.py) are not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib

from triage.translation import TRANSLATED_FIELDS

ROOT = Path(__file__).resolve().parent.parent
UK_ONLY = re.compile(r"\b(being sick|been sick|be sick|tummy|A&E|NHS|999|111|GP)\b")
KNOWLEDGE = ("questionnaire.json", "red_flags.json", "conditions.json")
TRANSLATED = {model._meta.label_lower: fields for model, fields in TRANSLATED_FIELDS.items()}
PUBLIC_PAGES = ("templates/triage/",)


def offending(text: str) -> list[str]:
    without_placeholders = re.sub(r"\{[a-z_]+\}|%\([a-z_]+\)s", "", text)
    return UK_ONLY.findall(without_placeholders)


def test_the_knowledge_english_has_no_uk_only_words():
    found = []
    for name in KNOWLEDGE:
        for item in json.loads((ROOT / "fixtures" / name).read_text()):
            for field in TRANSLATED.get(item["model"], ()):
                text = item["fields"].get(field) or ""
                if words := offending(text):
                    found.append((item["fields"].get("code"), field, words, text[:80]))
    assert found == []


def test_the_public_pages_own_english_has_no_uk_only_words():
    catalogue = polib.pofile(str(ROOT / "triage/locale/zh_Hant/LC_MESSAGES/django.po"))
    found = [
        (entry.msgid[:80], offending(entry.msgid))
        for entry in catalogue
        if not entry.obsolete
        and any(path.startswith(PUBLIC_PAGES) for path, _line in entry.occurrences)
        and offending(entry.msgid)
    ]
    assert found == []


def test_the_check_catches_what_it_is_for():
    assert offending("Diabetes with being sick") == ["being sick"]
    assert offending("Call 999 or go to A&E now") == ["999", "A&E"]
    assert offending("Call {emergency} or go to {ed} now, or see your {gp}") == []
