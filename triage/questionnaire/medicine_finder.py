"""What "Find a medicine by name" shows: the medicines picked, the names kept as typed, and the
medicines a search finds, grouped by the answer they count as. The step form draws it under the
medicines question and the live search (views.medicine_search) draws its matches alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language

from triage import engine, medicines
from triage.punctuation import marks

# The step form's fields for it, and its two buttons for when JavaScript is off.
MEDICINE_FIELD = "medicine"
TYPED_FIELD = "medicine_typed"
QUERY_FIELD = "medicine_query"
SEARCH_FIELD = "medicine_search"
ADD_FIELD = "medicine_add"
# Other names shown after a medicine's generic name.
MAX_OTHER_NAMES = 2


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    checked: bool


def label_for(medicine: engine.MedicineInfo, found_by: str, region_code: str, language: str) -> str:
    """ "Sertraline (Zoloft)": the generic name, then the name it was found by, its Chinese name on a
    Chinese page, and its names in the person's region, each once."""
    others = [found_by] if found_by else []
    if language.lower().startswith("zh"):
        others.insert(0, medicines.chinese_name(medicine))
    others += medicine.names_in(region_code)
    shown = [name for name in dict.fromkeys(others) if name and name != medicine.name][:MAX_OTHER_NAMES]
    m = marks()
    return medicine.name + m.bracketed(m.items(shown))


def grouped(
    matches: Sequence[medicines.Match],
    knowledge: engine.Knowledge,
    picked: Sequence[str],
    region_code: str,
    language: str,
) -> list[dict]:
    """The matches by the first answer each stands for, in the questionnaire's order; medicines that
    stand for none come last, under no title."""
    groups: dict[str, list[Choice]] = {}
    for match in matches:
        answers = medicines.standing_for([match.medicine.code], knowledge)
        label = label_for(match.medicine, match.found_by, region_code, language)
        choice = Choice(match.medicine.code, label, match.medicine.code in picked)
        groups.setdefault(answers[0] if answers else "", []).append(choice)
    order = sorted(groups, key=lambda code: (not code, knowledge.finding_rank.get(code, 0)))
    return [
        {"title": knowledge.findings[code].label if code else "", "items": groups[code]} for code in order
    ]


def finder_context(
    knowledge: engine.Knowledge,
    *,
    step_code: str,
    picked: Sequence[str],
    typed: Sequence[str],
    query: str,
    region_code: str,
    error: str = "",
    added: str = "",
) -> dict:
    """Everything the finder's template shows. Each medicine is shown once: a picked one that the
    search finds again is a ticked match, the others are listed as picked."""
    language = get_language() or ""
    matches = medicines.find(knowledge, query) if query else ()
    found = {match.medicine.code for match in matches}
    wanted = medicines.normalised(query)
    # Names already kept, and names of the medicines found: typing one again adds nothing.
    already = {medicines.normalised(name) for name in typed} | {
        medicines.normalised(name)
        for medicine in [*(knowledge.medicine[code] for code in picked), *(m.medicine for m in matches)]
        for name in medicine.all_names
    }
    return {
        "search_url": reverse("triage:medicine_search", args=[step_code]),
        "query": query,
        "searched": bool(wanted),
        "too_short": bool(wanted) and not medicines.searchable(query),
        "groups": grouped(matches, knowledge, picked, region_code, language),
        "match_count": len(matches),
        "picked": [
            Choice(code, label_for(knowledge.medicine[code], "", region_code, language), True)
            for code in picked
            if code not in found
        ],
        "typed": list(typed),
        # A name to keep as typed: one not already picked or kept, while there is room for it.
        "add_name": medicines.typed_name(query)
        if wanted and wanted not in already and len(typed) < medicines.MAX_TYPED
        else "",
        "added": added,
        "error": error,
    }
