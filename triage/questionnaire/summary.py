"""What a doctor reads first: one line of the answers, the answers that matter, and what the person
was asked about and did not have (key negatives).

Key negatives are clinicians' words on answer options ("no weakness"): an option the person was
asked about and did not choose says something only where a clinician has written what it means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from triage import engine
from triage.punctuation import marks, mid_list
from triage.vocabulary import SummaryPart as Part

MAX_HEADLINE_POSITIVES = 6
MAX_HEADLINE_NEGATIVES = 6


def none_means(question: engine.QuestionInfo) -> list[str]:
    """What 'None of these' stands for on this question, in clinicians' words."""
    return [o.if_not_chosen for o in question.options if o.if_not_chosen]


def key_negatives(answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge) -> list[dict]:
    """For every question the person answered, the options with a clinician's key negative that
    they did not choose, in the questionnaire's order."""
    cleaned = engine.clean_answers(answers, knowledge)
    negatives = []
    for step_number, step in enumerate(knowledge.steps):
        for q in step.questions:
            chosen = cleaned.get(q.code)
            if not chosen:
                continue
            negatives += [
                {"code": o.code, "text": o.if_not_chosen, "first_step": step_number == 0}
                for o in q.options
                if o.if_not_chosen and o.code not in chosen
            ]
    return negatives


def in_the_one_line(question: engine.QuestionInfo) -> bool:
    """The one-line summary's questions (a part given by the knowledge): their answers are not
    repeated as positives."""
    return bool(question.summary_part)


def clinical_negatives(negatives: list[dict]) -> list[dict]:
    """The key negatives beyond the first page's emergency signs, which the advice itself already
    answers (and which stay with their answers)."""
    return [n for n in negatives if not n["first_step"]]


def headline_negatives(negatives: list[dict], knowledge: engine.Knowledge) -> list[str]:
    """The absent features that the most warning signs depend on, then in the order asked."""
    weight = Counter(c for flag in knowledge.red_flags for c in flag.linked)
    ranked = sorted(negatives, key=lambda n: -weight[n["code"]])
    return [n["text"] for n in ranked][:MAX_HEADLINE_NEGATIVES]


def headline_positives(assessment: engine.Assessment, knowledge: engine.Knowledge) -> list[str]:
    """The answers behind the warning signs and the leading causes, in the order they were asked;
    the one-line summary's own answers and unsure ones are not repeated."""
    codes = {f.code for fired in assessment.red_flags for f in fired.findings}
    leading = [assessment.most_likely, *assessment.do_not_miss] if assessment.most_likely else []
    codes |= {f.code for match in leading for f in match.supporting}
    shown = [
        c
        for c in codes
        if c in knowledge.findings
        and not in_the_one_line(knowledge.questions[knowledge.findings[c].question_code])
        and not knowledge.findings[c].unsure
    ]
    ranked = sorted(shown, key=lambda c: knowledge.finding_rank.get(c, 0))
    # In clinicians' words where the knowledge has them ("progressive weakness"), else as answered.
    return [knowledge.findings[c].if_chosen or mid_list(knowledge.findings[c].label) for c in ranked][
        :MAX_HEADLINE_POSITIVES
    ]


def _labels(codes: Sequence[str], knowledge: engine.Knowledge) -> list[str]:
    """The answers in clinicians' words where the knowledge has them, else as the person read them."""
    return [
        knowledge.findings[c].if_chosen or mid_list(knowledge.findings[c].label)
        for c in codes
        if c in knowledge.findings and not knowledge.findings[c].unsure
    ]


def one_line(answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge) -> str:
    """For example: "Age 18 to 39, female. Twitching: eyelid, right-sided; started 1 to 2 weeks ago;
    gradual onset; about the same." Each part is filled by the question the knowledge gives it
    (Question.summary_part), in the answers' clinicians' words; a later question filling the same
    part replaces an earlier one (which side replaces "one side"). Unsure answers are left out."""
    cleaned = engine.clean_answers(answers, knowledge)
    m = marks()
    said: dict[str, list[str]] = {}
    for step in knowledge.steps:
        for question in step.questions:
            words = _labels(cleaned.get(question.code, ()), knowledge)
            if question.summary_part and words:
                said[question.summary_part] = words

    who = [_("age %(age)s") % {"age": m.items(said[Part.AGE])}] if Part.AGE in said else []
    who += said.get(Part.SEX, []) + said.get(Part.PREGNANCY, [])
    where = said.get(Part.WHERE, []) + said.get(Part.SIDE, []) + said.get(Part.SPREAD, [])
    what = [m.items(where)] if where else []
    if Part.STARTED in said:
        what.append(_("started %(when)s") % {"when": m.items(said[Part.STARTED])})
    what += said.get(Part.ONSET, []) + said.get(Part.COURSE, [])
    parts = []
    if who:
        parts.append(m.items(who).capitalize() + m.stop)
    if what:
        parts.append(_("Twitching: %(what)s.") % {"what": m.phrases(what)})
    return m.sentences(parts)


def summary_data(
    assessment: engine.Assessment, answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge
) -> dict:
    negatives = clinical_negatives(key_negatives(answers, knowledge))
    return {
        "one_line": one_line(answers, knowledge),
        "positives": headline_positives(assessment, knowledge),
        "headline_negatives": headline_negatives(negatives, knowledge),
        "key_negatives": [n["text"] for n in negatives],
    }
