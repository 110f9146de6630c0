"""The summary for the doctor, put together in Python from a saved result: each line of the printed
page as ready text, so the template only places it. A summary is printed and made into a PDF far more
often than any one part of it changes, and joining lists in a template loop is the slow way."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from triage.medicines import MEDICINES_QUESTION
from triage.punctuation import Marks, marks, mid_list
from triage.questionnaire.results import medicines_named_rows
from triage.questionnaire.templatetags import fit_words
from triage.regions import Region
from triage.vocabulary import TIERS, Tier, Urgency, short_words


def answers_text(findings: list[dict], m: Marks) -> str:
    """The answers for or against a cause, for the doctor: in a clinician's words where the knowledge
    has them ("not pregnant" rather than "No"), else as the person read them."""
    return m.phrases(f.get("clinical") or mid_list(f["answer"]) for f in findings)


def cause_lines(cause: dict, m: Marks, *, in_full: bool) -> dict:
    """A cause's name and marker, then the rest of its line as text: how well it fits, the answers
    for and against it ("(fits some of your answers) — for: …; against: …"), what to examine, tests."""
    line = {"name": cause["name"], "do_not_miss": cause.get("do_not_miss", False)}
    fit = fit_words(cause.get("fit", ""))
    more = m.bracketed(fit.lower() if fit else "")
    if in_full:
        reasons = [
            f"{words}{m.colon}{text}"
            for words, text in (
                (_("for"), answers_text(cause.get("supporting", []), m)),
                (_("against"), answers_text(cause.get("against", []), m)),
            )
            if text
        ]
        if reasons:
            more += " — " + m.semicolon.join(reasons)
        line["examine"] = m.phrases(cause.get("clinician_examination", []))
        line["tests"] = m.phrases(cause.get("clinician_tests", []))
    line["more"] = more
    return line


def sentence(text: str, m: Marks) -> str:
    return text + m.stop if text else ""


def answer_rows(section: dict, named: Mapping, language: str, m: Marks) -> list[dict]:
    """A section's answers as lines; under the medicines question, the medicines named."""
    rows = []
    for row in section["questions"]:
        rows.append(
            {
                "question": row["question"],
                "answer": m.items(row["answers"]),
                "none_means": m.bracketed(m.items(row.get("none_means", []))),
            }
        )
        if row.get("code") == MEDICINES_QUESTION:
            rows += [
                {"question": line["question"] + m.colon, "answer": m.items(line["answers"]), "none_means": ""}
                for line in medicines_named_rows(named, language)
            ]
    return rows


def printout(result: dict, region: Region, named: Mapping | None = None) -> dict:
    """The parts of the printed summary that come from lists, as text. Rare causes are named only.
    `named` is what the assessment keeps of the medicines named (triage/medicines.py)."""
    tiers = result.get("tiers", {})
    language = get_language()
    m = marks()
    summary = result.get("summary", {})
    return {
        "flags": [
            {
                "title": flag["title"],
                "urgency": short_words(flag["urgency"], region, language)
                if flag["urgency"] in Urgency.values
                else "",
                "because": m.items(m.quoted(f["answer"]) for f in flag.get("because", [])),
            }
            for flag in result.get("red_flags", [])
        ],
        "tiers": [
            {
                "title": Tier(tier).label,
                "causes": [cause_lines(c, m, in_full=tier != "rare") for c in tiers[tier]],
            }
            for tier in TIERS
            if tiers.get(tier)
        ],
        "answers": [
            {"title": section["title"], "rows": answer_rows(section, named or {}, language, m)}
            for section in result.get("answers", [])
            if section["questions"]
        ],
        "key_negatives": sentence(m.items(summary.get("key_negatives", [])), m),
        "headline_negatives": sentence(m.items(summary.get("headline_negatives", [])), m),
        "positives": sentence(m.phrases(summary.get("positives", [])), m),
        "ruled_out": _("must be ruled out"),
        # Labels with the colon that follows them in the language shown.
        "urgency_label": _("Suggested urgency") + m.colon,
        "summary_label": _("Summary") + m.colon,
        "positives_label": _("Positives") + m.colon,
        "negatives_label": _("Key negatives") + m.colon,
        "examine_label": _("Examine") + m.colon,
        "tests_label": _("Tests") + m.colon,
    }
