"""The knowledge check: every problem in the whole knowledge base at once, errors and warnings.

`check(knowledge)` is pure: it looks only at an engine snapshot. `find_problems()` runs it on the
current draft in the database (or on a snapshot it is given), adds the checks that need the
database (sources nobody cites) and a link to each object's admin page. Publishing refuses a draft
with errors; warnings are for a clinician to judge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.apps import apps
from django.urls import reverse

from triage import engine
from triage.knowledge.draft import build_knowledge, self_care_advice
from triage.knowledge.glossary import check_glossary
from triage.knowledge.problems import ERROR, WARNING, Problem
from triage.knowledge.scenarios import saved_scenarios
from triage.knowledge.wiring import check_follow_up_wiring, check_hide_when, check_summary_parts
from triage.medicines import MEDICINES_QUESTION
from triage.models import AcceptedWarning, Finding, SelfCareAdvice, Source
from triage.regions import PLACEHOLDERS, literal_services, unknown_placeholders
from triage.scenarios.coverage import Coverage, scenario_coverage
from triage.vocabulary import URGENCY_ORDER, Ratio, medicine_for_everyone


def find_problems(knowledge: engine.Knowledge | None = None) -> list[Problem]:
    """Every problem in `knowledge`, or in the current draft in the database when it is None.

    Errors come first, then warnings; each has a link to the object's admin change page when the
    object exists in the database.
    """
    if knowledge is None:
        knowledge = build_knowledge()
        sources = [
            engine.SourceInfo(code=s.code, title=s.title, publisher=s.publisher, url=s.url)
            for s in Source.objects.order_by("code")
        ]
        advice = list(self_care_advice(dict(Finding.objects.values_list("pk", "code"))).values())
        cited_by_advice = frozenset(
            # django-stubs types this auto-made many-to-many table as Never.
            SelfCareAdvice.sources.through.objects.values_list(  # type: ignore[attr-defined]
                "source__code", flat=True
            )
        )
        # What the saved scenarios never reach: a warning sign or cause nothing shows to work.
        unreached = list(check_scenario_reach(scenario_coverage(saved_scenarios(), knowledge)))
    else:
        sources, advice, cited_by_advice, unreached = [], [], frozenset(), []
    problems = check(knowledge, sources, advice, cited_by_advice) + unreached
    return with_admin_urls(with_acceptances(problems))


def check_scenario_reach(covered: Coverage) -> Iterable[Problem]:
    for item in covered.conditions:
        yield Problem(
            WARNING,
            "condition",
            item.code,
            item.name,
            "No scenario lists this condition, so nothing shows that the answers can reach it. "
            "Add a scenario, written from a source, in which it should be listed.",
            "no-scenario",
        )
    for item in covered.red_flags:
        yield Problem(
            WARNING,
            "redflag",
            item.code,
            item.name,
            "No scenario raises this warning sign, so nothing shows that it fires when it should. "
            "Add a scenario, written from a source, in which it should show.",
            "no-scenario",
        )


def with_acceptances(problems: list[Problem]) -> list[Problem]:
    """Warnings a clinician marked as intended carry the reason; errors can never be marked."""
    reasons = {(w.kind, w.code, w.warning): w.reason for w in AcceptedWarning.objects.all()}
    return [
        replace(p, accepted=reasons.get((p.model, p.code, p.check), "")) if not p.is_error else p
        for p in problems
    ]


def with_admin_urls(problems: list[Problem]) -> list[Problem]:
    codes = defaultdict(set)
    for problem in problems:
        codes[problem.model].add(problem.code)
    pks = {
        (model, code): pk
        for model, wanted in codes.items()
        for code, pk in apps.get_model("triage", model)
        .objects.filter(code__in=wanted)
        .values_list("code", "pk")
    }
    linked = []
    for problem in problems:
        pk = pks.get((problem.model, problem.code))
        url = reverse(f"admin:triage_{problem.model}_change", args=[pk]) if pk else ""
        linked.append(replace(problem, admin_url=url))
    return linked


def check(
    knowledge: engine.Knowledge,
    sources: Sequence[engine.SourceInfo] = (),
    advice: Sequence[engine.SelfCareAdviceInfo] = (),
    also_cited: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Every problem in one snapshot. `sources` and `advice` add sources and advice that nothing in
    the snapshot uses; `also_cited` are the codes of sources that advice cites."""
    reachable = reachable_questions(knowledge)
    problems = [
        *check_steps(knowledge),
        *check_questions(knowledge, reachable),
        *check_conditions(knowledge, reachable),
        *check_red_flags(knowledge, reachable),
        *check_self_care(knowledge, advice),
        *check_medicines(knowledge),
        *check_unused_findings(knowledge),
        *check_follow_up_wiring(knowledge),
        *check_hide_when(knowledge),
        *check_summary_parts(knowledge),
        *check_sources(knowledge, sources, also_cited),
        *check_region_words(knowledge, advice),
        *check_glossary(knowledge),
    ]
    return sorted(problems, key=lambda p: p.level != ERROR)


def position(knowledge: engine.Knowledge) -> dict[str, int]:
    """Each question's place in the questionnaire, first question 0."""
    return {q.code: i for i, q in enumerate(q for step in knowledge.steps for q in step.questions)}


def reachable_questions(knowledge: engine.Knowledge) -> set[str]:
    """Questions some set of answers can show, walking the questionnaire in order like the engine."""
    reachable: set[str] = set()
    for step in knowledge.steps:
        for question in step.questions:
            triggers = (knowledge.findings.get(code) for code in question.show_when)
            if not question.show_when or any(t and t.question_code in reachable for t in triggers):
                reachable.add(question.code)
    return reachable


def check_steps(knowledge: engine.Knowledge) -> Iterable[Problem]:
    for step in knowledge.steps:
        if not step.questions:
            yield Problem(
                ERROR,
                "step",
                step.code,
                step.title,
                "This step has no questions: it would show an empty page.",
            )


def check_questions(knowledge: engine.Knowledge, reachable: set[str]) -> Iterable[Problem]:
    places = position(knowledge)
    for step in knowledge.steps:
        for question in step.questions:

            def problem(level: str, message: str, check: str = "", question=question) -> Problem:
                return Problem(level, "question", question.code, question.text, message, check)

            if not question.options:
                yield problem(ERROR, "This question has no answer options, so nobody can answer it.")
            for code in sorted(question.show_when):
                trigger = knowledge.findings.get(code)
                if trigger is None:
                    yield problem(
                        ERROR, f"Its 'show only when' rule names an answer that does not exist ({code})."
                    )
                elif trigger.question_code == question.code:
                    yield problem(
                        ERROR,
                        f"Its 'show only when' rule points at one of its own answers ('{trigger.label}'). "
                        "A question can only be revealed by an answer to an earlier question.",
                    )
                elif places[trigger.question_code] > places[question.code]:
                    yield problem(
                        ERROR,
                        f"Its 'show only when' rule points at '{trigger.label}', an answer to a question "
                        "asked later. Only answers to earlier questions can reveal a question.",
                    )
            if question.show_when and question.code not in reachable:
                level = ERROR if question.required else WARNING
                yield problem(
                    level, "No set of answers can ever show this follow-up question.", "unreachable"
                )
            if (
                question.kind == "multiple"
                and question.required
                and question.options
                and not any(o.exclusive for o in question.options)
            ):
                yield problem(
                    WARNING,
                    "This must-answer 'choose any' question has no answer like 'None of these' "
                    "(ticked 'excludes other answers'). Check that everyone can tick at least one.",
                    "no-none-answer",
                )


def check_conditions(knowledge: engine.Knowledge, reachable: set[str]) -> Iterable[Problem]:
    for condition in knowledge.conditions:

        def problem(level: str, message: str, check: str = "", condition=condition) -> Problem:
            return Problem(level, "condition", condition.code, condition.name, message, check)

        if not condition.sources:
            yield problem(ERROR, "This condition cites no source. Add at least one.")
        for code, ratio in sorted((*condition.ratios.items(), *condition.ratios_if_absent.items())):
            label = knowledge.findings[code].label if code in knowledge.findings else code
            if ratio not in Ratio.values:
                yield problem(ERROR, f"The ratio of '{label}' is {ratio:g}; choose one from the scale.")
        for code in sorted({*condition.ratios, *condition.key_answers}):
            if code not in knowledge.findings:
                yield problem(ERROR, f"It is linked to an answer that does not exist ({code}).")
        supported = any(
            ratio > 1 and code in knowledge.findings and knowledge.findings[code].question_code in reachable
            for code, ratio in condition.ratios.items()
        )
        if not supported:
            level = ERROR if condition.do_not_miss else WARNING
            yield problem(
                level,
                "No answer supports this condition (no link with a ratio above 1), so it is never listed.",
                "unsupported",
            )
        if condition.do_not_miss and not condition.key_answers:
            yield problem(
                WARNING,
                "This do-not-miss condition has no key answers, so it is shown only when it is among "
                "the likely causes. Add the answers that make it worth ruling out.",
                "no-key-answers",
            )
        weak_keys = sorted(code for code in condition.key_answers if condition.ratios.get(code, 1) <= 1)
        if weak_keys:
            yield problem(
                WARNING,
                f"Key answers should also make it likelier (a ratio above 1): {', '.join(weak_keys)}.",
                "weak-key-answer",
            )
        if condition.minimum_urgency and condition.minimum_urgency not in URGENCY_ORDER:
            yield problem(ERROR, f"The minimum urgency {condition.minimum_urgency!r} is not a level.")


def check_red_flags(knowledge: engine.Knowledge, reachable: set[str]) -> Iterable[Problem]:
    for flag in knowledge.red_flags:

        def problem(message: str, flag=flag) -> Problem:
            return Problem(ERROR, "redflag", flag.code, flag.title, message)

        if not flag.findings and not flag.any_findings:
            yield problem("This red flag has no answer options, so it can never show. Add at least one.")
        if not flag.sources:
            yield problem("This red flag cites no source. Add at least one.")
        missing = sorted(code for code in flag.linked if code not in knowledge.findings)
        for code in missing:
            yield problem(f"It needs an answer that does not exist ({code}).")
        conflict = conflicting_findings(
            [knowledge.findings[c] for c in flag.findings if c in knowledge.findings], knowledge
        )
        if conflict:
            yield problem(f"It can never show: {conflict}")
        for code in sorted(flag.findings):
            finding = knowledge.findings.get(code)
            if finding and finding.question_code not in reachable:
                yield problem(f"It can never show: the question of '{finding.label}' is never asked.")
        for one_of in (flag.any_findings, flag.also_any_findings):
            asked = [
                c
                for c in one_of
                if c in knowledge.findings and knowledge.findings[c].question_code in reachable
            ]
            if one_of and not asked:
                yield problem("It can never show: none of its 'at least one of these' answers is ever asked.")


def conflicting_findings(findings: Sequence[engine.FindingInfo], knowledge: engine.Knowledge) -> str:
    """Why these answers can never all be given together, or an empty string."""
    by_question: dict[str, list[engine.FindingInfo]] = defaultdict(list)
    for finding in findings:
        by_question[finding.question_code].append(finding)
    for question_code, chosen in sorted(by_question.items()):
        if len(chosen) < 2:
            continue
        question = knowledge.questions[question_code]
        labels = " and ".join(f"'{f.label}'" for f in sorted(chosen, key=lambda f: f.code))
        if question.kind == "single":
            return f"{labels} are answers to the same one-answer question '{question.text}'."
        exclusive = [f for f in chosen if f.exclusive]
        if exclusive:
            return f"'{exclusive[0].label}' cannot be chosen together with other answers ({labels})."
    return ""


def check_self_care(
    knowledge: engine.Knowledge, advice: Sequence[engine.SelfCareAdviceInfo]
) -> Iterable[Problem]:
    used = {item.code: item for condition in knowledge.conditions for item in condition.self_care}
    everything = {**{item.code: item for item in advice}, **used}
    for code, item in sorted(everything.items()):

        def problem(level: str, message: str, check: str = "", item=item) -> Problem:
            return Problem(level, "selfcareadvice", item.code, item.text, message, check)

        word = medicine_for_everyone(item.text, item.only_if)
        if word:
            yield problem(
                ERROR,
                f"It names a medicine ('{word}') but shows to everyone. Add the answers of the people "
                "who take it under 'show only when'.",
            )
        for finding in sorted(item.only_if - set(knowledge.findings)):
            yield problem(
                ERROR, f"Its 'show only when' rule names an answer that does not exist ({finding})."
            )
        if code not in used:
            yield problem(WARNING, "No condition gives this advice, so nobody sees it.", "unused-advice")


def check_medicines(knowledge: engine.Knowledge) -> Iterable[Problem]:
    """A medicine stands only for answers to the medicines question, other than 'None of these':
    picking it adds them to that question's answers."""
    for medicine in knowledge.medicines:

        def problem(message: str, medicine=medicine) -> Problem:
            return Problem(ERROR, "medicine", medicine.code, medicine.name, message)

        if not medicine.sources:
            yield problem("This medicine cites no source. Add at least one.")
        for code in sorted(medicine.findings):
            finding = knowledge.findings.get(code)
            if finding is None:
                yield problem(f"It stands for an answer that does not exist ({code}).")
            elif finding.question_code != MEDICINES_QUESTION or finding.exclusive:
                yield problem(
                    f"It stands for '{finding.label}', which is not a kind of medicine in the answers "
                    f"to '{MEDICINES_QUESTION}'. Pick those answers only."
                )


def check_unused_findings(knowledge: engine.Knowledge) -> Iterable[Problem]:
    used: set[str] = set()
    for condition in knowledge.conditions:
        used.update(condition.ratios, condition.key_answers)
        used.update(code for item in condition.self_care for code in item.only_if)
    for flag in knowledge.red_flags:
        used.update(flag.linked)
    for question in knowledge.questions.values():
        used.update(question.show_when)
    for code, finding in knowledge.findings.items():
        # 'None of these' answers are there so people can go on; they need no link.
        if code not in used and not finding.exclusive:
            yield Problem(
                WARNING,
                "finding",
                code,
                f"{finding.label} ({knowledge.questions[finding.question_code].text})",
                "This answer is linked to no condition, red flag or follow-up question, so it changes "
                "nothing.",
                "unused-answer",
            )


def check_sources(
    knowledge: engine.Knowledge,
    sources: Sequence[engine.SourceInfo],
    also_cited: frozenset[str] = frozenset(),
) -> Iterable[Problem]:
    cited: dict[str, engine.SourceInfo] = {}
    citing: tuple[engine.ConditionInfo | engine.RedFlagInfo | engine.MedicineInfo, ...] = (
        *knowledge.conditions,
        *knowledge.red_flags,
        *knowledge.medicines,
    )
    for item in citing:
        for source in item.sources:
            cited[source.code] = source
    everything = {**{s.code: s for s in sources}, **cited}
    for code, source in sorted(everything.items()):
        if not source.url:
            yield Problem(
                WARNING, "source", code, source.title, "This source has no web address.", "no-address"
            )
        if code not in cited and code not in also_cited:
            yield Problem(
                WARNING,
                "source",
                code,
                source.title,
                "No condition, red flag, self-care advice or medicine cites this source.",
                "uncited",
            )


def public_texts(
    knowledge: engine.Knowledge, advice: Sequence[engine.SelfCareAdviceInfo] = ()
) -> Iterable[tuple[str, str, str, str]]:
    """(model, code, name, text) for every text a person or their doctor reads."""
    for step in knowledge.steps:
        yield from (("step", step.code, step.title, t) for t in (step.title, step.intro))
        for q in step.questions:
            yield from (("question", q.code, q.text, t) for t in (q.text, q.help_text))
            for o in q.options:
                yield from (
                    ("finding", o.code, o.label, t)
                    for t in (o.label, o.help_text, o.if_not_chosen, o.if_chosen)
                )
    items = {i.code: i for c in knowledge.conditions for i in c.self_care} | {i.code: i for i in advice}
    for c in knowledge.conditions:
        texts = (c.name, c.summary, *c.clinician_questions, *c.clinician_examination, *c.clinician_tests)
        yield from (("condition", c.code, c.name, t) for t in texts)
    for code, item in sorted(items.items()):
        yield "selfcareadvice", code, item.text, item.text
    for flag in knowledge.red_flags:
        yield from (("redflag", flag.code, flag.title, t) for t in (flag.title, flag.message, flag.action))


def check_region_words(
    knowledge: engine.Knowledge, advice: Sequence[engine.SelfCareAdviceInfo] = ()
) -> Iterable[Problem]:
    """Texts name no number or service: each region fills in its own (triage/regions.py), so a
    misspelt placeholder, or a UK number written out, would reach people elsewhere as it is."""
    known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    for model, code, name, text in public_texts(knowledge, advice):
        for unknown in dict.fromkeys(unknown_placeholders(text)):
            yield Problem(
                ERROR, model, code, name, f"'{{{unknown}}}' is not a region placeholder; use one of {known}."
            )
        found = list(dict.fromkeys(literal_services(text)))
        if found:
            yield Problem(
                ERROR,
                model,
                code,
                name,
                f"It names {', '.join(found)}, which only the United Kingdom has. Write a placeholder "
                f"instead ({known}), so each region gets its own number and services.",
            )
