"""Turns an engine assessment into the plain data saved with it and shown on the results pages.

Results are saved as data rather than recomputed, so a saved assessment keeps saying what it said
when it was made, even after clinicians change the knowledge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from triage import engine, medicines
from triage.knowledge.languages import translated
from triage.questionnaire.actions import unique
from triage.questionnaire.summary import none_means, summary_data
from triage.regions import REGIONS, Region, fill, fill_data
from triage.vocabulary import URGENCY_ORDER, URGENCY_TEXT, Urgency

MAX_SELF_CARE_SOURCES = 3
MAX_SELF_CARE = 5
# Filled results kept per process: a person's results page, then their summary and its PDF, fill the
# same result for the same region and language.
FILLED_RESULTS_KEPT = 256


def filled_result(assessment, region: Region, language: str) -> dict:
    """A saved assessment's result in `language`, filled with `region`'s words.

    A saved result never changes, so the filled copy is kept for the next view of the same results
    (the most recent FILLED_RESULTS_KEPT). It is shared between requests: read it, never change it.
    """
    return _filled_result(assessment, region.code, language)


@lru_cache(maxsize=FILLED_RESULTS_KEPT)
def _filled_result(assessment, region_code: str, language: str) -> dict:
    # A saved model hashes and compares by its primary key.
    return fill_data(assessment.result_in(language), REGIONS[region_code], language)


def urgency_display(urgency: str, region: Region, language: str) -> dict:
    """The level's words for the results box, with the region's number and services."""
    words = URGENCY_TEXT[urgency]
    return {
        "code": urgency,
        "title": fill(str(words.title), region, language),
        "timeframe": fill(str(words.timeframe), region, language),
        "advice": fill(str(words.advice), region, language),
    }


def sources_data(sources: Iterable[engine.SourceInfo]) -> list[dict]:
    return [{"title": s.title, "publisher": s.publisher, "url": s.url} for s in sources]


def finding_data(finding: engine.FindingInfo, knowledge: engine.Knowledge) -> dict:
    """An answer as the person read it, with its question, and in a clinician's words where the
    knowledge has them (for the doctor's summary, where "No" alone would say nothing)."""
    data = {"question": knowledge.questions[finding.question_code].text, "answer": finding.label}
    if finding.if_chosen:
        data["clinical"] = finding.if_chosen
    return data


def condition_data(
    match: engine.ConditionMatch, knowledge: engine.Knowledge, assessment: engine.Assessment
) -> dict:
    c = match.condition
    return {
        "code": c.code,
        "name": c.name,
        "summary": c.summary,
        "prevalence": c.prevalence,
        "do_not_miss": c.do_not_miss,
        # How well it fits beside the others, in words: the code is kept so the words can change
        # without a migration.
        "fit": assessment.fit_of(match),
        "supporting": [finding_data(f, knowledge) for f in match.supporting],
        "against": [finding_data(f, knowledge) for f in match.against],
        # Answers a clinician said would be expected, that the person did not give.
        "not_reported": [finding_data(f, knowledge) for f in match.absent],
        "self_care": [advice.text for advice in c.self_care],
        "clinician_questions": list(c.clinician_questions),
        "clinician_examination": list(c.clinician_examination),
        "clinician_tests": list(c.clinician_tests),
        "sources": sources_data(c.sources),
    }


def answers_data(
    answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge, *, for_the_person: bool = False
) -> list[dict]:
    """The answers grouped by step, in the questionnaire's order, as labels.

    "None of these" keeps its meaning out of context: for the doctor (the saved result, the
    summary) what it rules out, in a clinician's words ("no ptosis"); for the person (the check
    page), the answers it stands against, in the words they were asked in."""
    cleaned = engine.clean_answers(answers, knowledge)
    steps = []
    for step in knowledge.steps:
        rows = []
        for q in step.questions:
            if q.code not in cleaned:
                continue
            row = {
                "code": q.code,
                "question": q.text,
                "answers": [knowledge.findings[c].label for c in cleaned[q.code]],
            }
            said_none = any(knowledge.findings[c].exclusive for c in cleaned[q.code])
            if for_the_person:
                row["none_covers"] = [o.label for o in q.options if not o.exclusive] if said_none else []
            else:
                row["none_means"] = none_means(q) if said_none else []
            rows.append(row)
        steps.append({"code": step.code, "title": step.title, "questions": rows})
    return steps


def medicines_named_rows(named: Mapping, language: str) -> list[dict]:
    """What an assessment keeps of the medicines named, as two rows of answers (when there is
    something to say): "Medicines named" and "Not in our list, as typed"."""
    names, typed = medicines.named_lines(named, language)
    rows = []
    if names:
        rows.append({"code": "medicines-named", "question": _("Medicines named"), "answers": names})
    if typed:
        rows.append({"code": "medicines-typed", "question": _("Not in our list, as typed"), "answers": typed})
    return rows


def unique_sources(sources: Iterable[engine.SourceInfo]) -> list[dict]:
    by_code = {s.code: s for s in sources}
    return sources_data(sorted(by_code.values(), key=lambda s: (s.publisher, s.title)))


MAX_SOONER = 6
MAX_TODAY = 4
MAX_GENERAL = 3


def warning_signs_to_watch(
    assessment: engine.Assessment,
    answers: Mapping[str, Sequence[str]],
    knowledge: engine.Knowledge,
    level: str = Urgency.EMERGENCY,
    limit: int = MAX_SOONER,
) -> list[str]:
    """The warning signs at this level worth watching for, for this person, when the result is below
    that level: those that did not fire but are near (some of their answers are given already) or
    belong to a listed cause (an answer they need makes that cause likelier). A sign that needs an
    answer the person has said no to where it cannot change (a medicine they do not take, something
    that did not happen when the twitching started) is not worth watching for. At most `limit`,
    nearest first. For emergency signs, when nothing is tailored, the first page's general danger
    signs make the safety net."""
    if URGENCY_ORDER.index(assessment.urgency) <= URGENCY_ORDER.index(level):
        return []
    cleaned = engine.clean_answers(answers, knowledge)
    given = frozenset(code for codes in cleaned.values() for code in codes)
    fired = {f.red_flag.code for f in assessment.red_flags}
    listed_support = {code for m in assessment.listed for code, r in m.condition.ratios.items() if r > 1}
    near, related = [], []
    for flag in knowledge.red_flags:
        if flag.urgency != level or flag.code in fired:
            continue
        if cannot_come_about(flag, given, cleaned, knowledge):
            continue
        if level != Urgency.EMERGENCY and answered_otherwise(flag, given, cleaned, knowledge):
            continue
        if one_answer_away(flag, given):
            near.append(flag.title)
        elif (
            flag.linked & listed_support
            and not ruled_out(flag.any_findings, given, cleaned, knowledge)
            and not ruled_out(flag.also_any_findings, given, cleaned, knowledge)
        ):
            related.append(flag.title)
    if not near and not related and level == Urgency.EMERGENCY:
        first = (
            {o.code for q in knowledge.steps[0].questions for o in q.options} if knowledge.steps else set()
        )
        related = [
            flag.title
            for flag in sorted(knowledge.red_flags, key=lambda f: min(rank(knowledge, f), default=0))
            if flag.urgency == Urgency.EMERGENCY and flag.linked <= first
        ][:MAX_GENERAL]
    return unique([*near, *related])[:limit]


def one_answer_away(flag: engine.RedFlagInfo, given: frozenset[str]) -> bool:
    """The warning sign would show with one more answer, and some of its own answers are given: its
    answers that must all be given are all there but one, or all there with one "one of" list left.
    A side or a time alone is not near a sign that needs a kind of movement as well."""
    if not flag.findings:
        return False
    missing = len(flag.findings - given)
    missing += bool(flag.any_findings) and flag.any_findings.isdisjoint(given)
    missing += bool(flag.also_any_findings) and flag.also_any_findings.isdisjoint(given)
    return missing == 1 and not flag.linked.isdisjoint(given)


def said_no(
    code: str, given: frozenset[str], cleaned: Mapping[str, Sequence[str]], knowledge: engine.Knowledge
) -> bool:
    """True when the person answered this answer's question without choosing it."""
    finding = knowledge.findings.get(code)
    return finding is not None and code not in given and finding.question_code in cleaned


def ruled_out(
    any_of: frozenset[str],
    given: frozenset[str],
    cleaned: Mapping[str, Sequence[str]],
    knowledge: engine.Knowledge,
) -> bool:
    """True when the person has said no to every one of these answers."""
    return bool(any_of) and all(said_no(c, given, cleaned, knowledge) for c in any_of)


def fixed(code: str, knowledge: engine.Knowledge) -> bool:
    """True when the answer is about something that does not change later: who the person is, what
    they take, what was happening when the twitching started (steps the knowledge marks "answers
    that do not change later"). A warning sign that needs one of them the person said no to (a
    medicine they do not take, a wound they did not have) is not one to watch for."""
    finding = knowledge.findings.get(code)
    question = knowledge.questions.get(finding.question_code) if finding else None
    step = knowledge.step(question.step_code) if question else None
    return step is not None and step.answers_stay


def cannot_come_about(
    flag: engine.RedFlagInfo,
    given: frozenset[str],
    cleaned: Mapping[str, Sequence[str]],
    knowledge: engine.Knowledge,
) -> bool:
    """True when the sign needs a fixed answer the person said no to, or one of a list of answers
    that are all fixed and all said no to."""
    if any(fixed(c, knowledge) and said_no(c, given, cleaned, knowledge) for c in flag.findings):
        return True
    return any(
        answers
        and all(fixed(c, knowledge) for c in answers)
        and ruled_out(answers, given, cleaned, knowledge)
        for answers in (flag.any_findings, flag.also_any_findings)
    )


def answered_otherwise(
    flag: engine.RedFlagInfo,
    given: frozenset[str],
    cleaned: Mapping[str, Sequence[str]],
    knowledge: engine.Knowledge,
) -> bool:
    """True when the sign needs another answer to a one-answer question the person has answered ("not
    sure how fast it came on" to someone who said how fast). The emergency signs keep such changes
    (weakness that starts to worsen within days), which the person must know to act on at once."""
    for code in flag.findings:
        finding = knowledge.findings.get(code)
        question = knowledge.questions.get(finding.question_code) if finding else None
        if question is not None and question.kind == "single" and said_no(code, given, cleaned, knowledge):
            return True
    return False


def rank(knowledge: engine.Knowledge, flag: engine.RedFlagInfo) -> list[int]:
    """Where a red flag's answers are in the questionnaire, to list them in the order asked."""
    return [knowledge.finding_rank[c] for c in flag.linked if c in knowledge.finding_rank]


def result_data(
    assessment: engine.Assessment, answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge
) -> dict:
    # Cleaned once here (or not at all, when they come cleaned from the engine): every part below
    # reads the same cleaned answers.
    answers = engine.clean_answers(answers, knowledge)
    tiers = {
        "most_likely": [assessment.most_likely] if assessment.most_likely else [],
        "other_likely": list(assessment.other_likely),
        "do_not_miss": list(assessment.do_not_miss),
        "rare": list(assessment.rare),
    }
    # The doctor will want to rule out what is likely and what must not be missed; a cause that fits
    # only a few answers beside the likeliest adds no questions or tests of its own.
    fitting = [m for m in tiers["other_likely"] if assessment.fit_of(m) != engine.Fit.FEW]
    to_discuss = tiers["most_likely"] + fitting + tiers["do_not_miss"]
    # Self-care from the likeliest harmless causes only: advice for serious causes is to be seen.
    self_care_from = [
        m
        for m in (tiers["most_likely"] + tiers["other_likely"])[:MAX_SELF_CARE_SOURCES]
        if not m.condition.do_not_miss
    ]
    sooner = warning_signs_to_watch(assessment, answers, knowledge)
    today = warning_signs_to_watch(assessment, answers, knowledge, Urgency.URGENT, MAX_TODAY)
    return {
        "urgency": assessment.urgency,
        "red_flags": [
            {
                "code": fired.red_flag.code,
                "title": fired.red_flag.title,
                "urgency": fired.red_flag.urgency,
                "message": fired.red_flag.message,
                "action": fired.red_flag.action,
                "because": [finding_data(f, knowledge) for f in fired.findings],
                "sources": sources_data(fired.red_flag.sources),
            }
            for fired in assessment.red_flags
        ],
        "tiers": {
            name: [condition_data(m, knowledge, assessment) for m in matches]
            for name, matches in tiers.items()
        },
        # False when an emergency sign ended the questionnaire: the causes are listed unranked.
        "ranked": assessment.ranked,
        # Likely causes that raised the urgency above what the warning signs alone would.
        "raised_by": [
            {"code": m.condition.code, "name": m.condition.name, "urgency": m.condition.minimum_urgency}
            for m in assessment.raised_by
        ],
        "clinician_questions": unique(q for m in to_discuss for q in m.condition.clinician_questions),
        "clinician_examination": unique(q for m in to_discuss for q in m.condition.clinician_examination),
        "clinician_tests": unique(q for m in to_discuss for q in m.condition.clinician_tests),
        "self_care": [
            advice.text
            for advice in engine.self_care_advice(
                self_care_from, engine.given_findings(answers, knowledge), MAX_SELF_CARE, assessment.urgency
            )
        ],
        "seek_help_sooner": unique(sooner),
        # Same-day signs to watch for, below a same-day result (triage/results.html).
        "seek_help_today": unique(today),
        "answers": answers_data(answers, knowledge),
        "summary": summary_data(assessment, answers, knowledge),
        "sources": unique_sources(
            [s for fired in assessment.red_flags for s in fired.red_flag.sources]
            + [s for m in assessment.listed for s in m.condition.sources]
        ),
        "knowledge_revision": knowledge.revision,
    }


def results_in_every_language(
    answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge
) -> tuple[engine.Assessment, dict, dict[str, dict]]:
    """The engine's assessment, its result in English, and its result in each other language the
    knowledge has texts in. Each is worked out from the knowledge in that language, with the site's
    own words in that language too; the engine works on codes, so all say the same."""
    with translation.override(settings.LANGUAGE_CODE):
        outcome = engine.assess(answers, knowledge)
        english = result_data(outcome, answers, knowledge)
    others = {}
    for language in knowledge.translations:
        local = translated(knowledge, language)
        with translation.override(language):
            others[language] = result_data(engine.assess(answers, local), answers, local)
    return outcome, english, others
