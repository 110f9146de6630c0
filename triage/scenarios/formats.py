"""The shape of a scenario, checked before anything reads it: the keys it may have, answers as lists
of codes, expectations in the words a clinician writes, no deeper nesting and no NUL (which
PostgreSQL refuses); and the order its keys are written in.

Pure, like the checks that run a scenario (`triage.scenarios.checks`): the Scenario model's
validation, the admin and the file import all use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from triage.vocabulary import URGENCY_ORDER, urgency_rank

TOP_KEYS = ("name", "description", "source", "partial", "answers", "expected")
REQUIRED_KEYS = ("name", "description", "answers", "expected")
# A clinician writes a band: the lowest safe urgency and the highest reasonable one, causes of which
# at least one must be among the likely, and do-not-miss causes that must show; optionally, stricter,
# the most likely cause, the top three and the red flags that must fire. One format is stored: an
# older file's single "urgency" is read as a band of one (one_format) when it is imported.
OLD_URGENCY = "urgency"
EXPECTED_KEYS = (
    "urgency_at_least",
    "urgency_at_most",
    "most_likely",
    "likely",
    "top_three",
    "do_not_miss",
    "red_flags",
    "not_listed",
)
CONDITION_LIST_KEYS = ("likely", "top_three", "do_not_miss", "not_listed")


def in_canonical_order(answers: Mapping, expected: Mapping, question_order: list[str]) -> tuple[dict, dict]:
    """Answers in questionnaire order and expectations in EXPECTED_KEYS order.

    A database may hand JSON back with its keys in another order (PostgreSQL's jsonb sorts them), so
    exports put them in this order to give the same files on every database.
    """
    position = {code: i for i, code in enumerate(question_order)}
    ordered_answers = dict(
        sorted(answers.items(), key=lambda item: (position.get(item[0], len(position)), item[0]))
    )
    rank = {key: i for i, key in enumerate(EXPECTED_KEYS)}
    ordered_expected = dict(
        sorted(expected.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))
    )
    return ordered_answers, ordered_expected


# A scenario is three levels deep ({"answers": {"question": ["answer"]}}). Deeper data is refused
# before anything walks it: a recursive walk (a repr, an indented json.dumps) of thousands of levels
# fails with a RecursionError, and PostgreSQL's jsonb has a depth limit of its own.
MAX_NESTING = 10
# PostgreSQL stores no NUL, in text or in jsonb (a DataError).
NUL = "\x00"


def nesting_depth(value: object) -> int:
    """How many objects and lists deep JSON data goes, walked without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children: Iterable[object]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def holds_nul(value: object) -> bool:
    """Whether any text in JSON data, object keys included, holds a NUL."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if NUL in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def too_deep(value: object) -> list[str]:
    if nesting_depth(value) > MAX_NESTING:
        return [f"This is nested more than {MAX_NESTING} levels deep (a whole scenario file needs three)."]
    return []


def _is_code_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) and item for item in value)


def answers_format_problems(answers: object) -> list[str]:
    """The shape of the answers, without looking at the knowledge."""
    if not isinstance(answers, dict):
        return ['Answers must be an object: {"question-code": ["answer-code", ...], ...}.']
    if problems := too_deep(answers):
        return problems
    if holds_nul(answers):
        return ["Answers must not hold the character \\u0000 (NUL)."]
    if not answers:
        return ["Answers are empty: give at least the emergency screen's answer."]
    problems = []
    for question, codes in answers.items():
        if not _is_code_list(codes):
            problems.append(f"Answers to {question!r} must be a list of answer codes in quotes.")
        elif not codes:
            problems.append(f"Answers to {question!r} are an empty list: leave the question out instead.")
    return problems


def one_format(expected: object) -> object:
    """An expected result in the one stored format: an older single "urgency" becomes a band of one
    (the lowest safe and the highest reasonable urgency both that level). Anything else as it is."""
    if not isinstance(expected, dict) or OLD_URGENCY not in expected:
        return expected
    level = expected[OLD_URGENCY]
    rest = {key: value for key, value in expected.items() if key != OLD_URGENCY}
    return {"urgency_at_least": level, "urgency_at_most": level, **rest}


def expected_format_problems(expected: object) -> list[str]:
    """The shape of the expected result, without looking at the knowledge."""
    if not isinstance(expected, dict):
        return ['The expected result must be an object, for example {"urgency_at_least": "routine"}.']
    if problems := too_deep(expected):
        return problems
    if holds_nul(expected):
        return ["The expected result must not hold the character \\u0000 (NUL)."]
    problems = []
    unknown = [key for key in expected if key not in EXPECTED_KEYS]
    if unknown:
        problems.append(f"Unknown entries {unknown}: use only {', '.join(EXPECTED_KEYS)}.")
    levels = ", ".join(URGENCY_ORDER)
    if "urgency_at_least" not in expected:
        problems.append(f'"urgency_at_least" (the lowest safe urgency) is required: one of {levels}.')
    for key in ("urgency_at_least", "urgency_at_most"):
        if key in expected and expected[key] not in URGENCY_ORDER:
            problems.append(f'"{key}" {expected[key]!r} is not one of {levels}.')
    low, high = expected.get("urgency_at_least"), expected.get("urgency_at_most")
    if low in URGENCY_ORDER and high in URGENCY_ORDER and urgency_rank(high) > urgency_rank(low):
        problems.append('"urgency_at_most" must be at least as urgent as "urgency_at_least".')
    if "most_likely" in expected and not (
        expected["most_likely"] is None
        or (isinstance(expected["most_likely"], str) and expected["most_likely"])
    ):
        problems.append('"most_likely" must be one condition code in quotes (or null for none).')
    for key in (*CONDITION_LIST_KEYS, "red_flags"):
        if key in expected and not _is_code_list(expected[key]):
            problems.append(f'"{key}" must be a list of codes in quotes, e.g. ["als-mnd"].')
    return problems


def file_format_problems(data: object) -> list[str]:
    """The shape of a whole scenario file."""
    if not isinstance(data, dict):
        return ["A scenario file must hold one JSON object."]
    if problems := too_deep(data):
        return problems
    problems = []
    missing = [key for key in REQUIRED_KEYS if key not in data]
    if missing:
        problems.append(f"Missing {', '.join(missing)}.")
    unknown = [key for key in data if key not in TOP_KEYS]
    if unknown:
        problems.append(f"Unknown entries {unknown}: use only {', '.join(TOP_KEYS)}.")
    for key in ("name", "description", "source"):
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            problems.append(f'"{key}" must be some text.')
        elif key in data and NUL in data[key]:
            problems.append(f'"{key}" must not hold the character \\u0000 (NUL).')
    if "partial" in data and not isinstance(data["partial"], bool):
        problems.append('"partial" must be true or false.')
    if "answers" in data:
        problems += answers_format_problems(data["answers"])
    if "expected" in data:
        problems += expected_format_problems(data["expected"])
    return problems
