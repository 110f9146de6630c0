"""The saved scenarios: files (the fixtures/scenarios/*.json format) to and from the Scenario model,
and runs of the saved scenarios against a draft and the published knowledge. The checks themselves
are pure (triage/scenarios/); this is where they meet the database.

A file's name without ".json" is the scenario's code, and its text is `json.dumps(indent=2)`, so a
file imported and exported again is the same file byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from triage import engine
from triage.models import Scenario, code_validator
from triage.scenarios.checks import Comparison, compare
from triage.scenarios.formats import file_format_problems, one_format


class ScenarioFileError(Exception):
    """A file that cannot be imported; the message names the file and every problem."""


def file_text(scenario: Scenario) -> str:
    return json.dumps(scenario.as_data(), indent=2, ensure_ascii=False) + "\n"


def file_name(scenario: Scenario) -> str:
    return f"{scenario.code}.json"


def parse_file(name: str, content: bytes | str) -> tuple[str, dict]:
    """The code and data of one scenario file, or ScenarioFileError saying what is wrong."""
    stem = Path(name).name
    if not stem.endswith(".json"):
        raise ScenarioFileError(f"{stem}: only .json files can be imported.")
    code = stem.removesuffix(".json")
    try:
        code_validator(code)
    except ValidationError:
        raise ScenarioFileError(
            f"{stem}: the file name must be lower-case letters, digits and hyphens, "
            "for example 'runner-calf-twitch.json'."
        ) from None
    longest = Scenario._meta.get_field("code").max_length
    if longest is not None and len(code) > longest:
        raise ScenarioFileError(f"{stem}: the file name must be at most {longest} characters before .json.")
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        data = json.loads(text)
    except ValueError as error:
        # Not UTF-8, not JSON (JSONDecodeError), or a number of thousands of digits.
        raise ScenarioFileError(f"{stem}: this is not valid JSON ({error}).") from None
    except RecursionError:
        raise ScenarioFileError(
            f"{stem}: this is not valid JSON (it is nested too deeply to read)."
        ) from None
    if isinstance(data, dict) and "expected" in data:
        data = {**data, "expected": one_format(data["expected"])}
    problems = file_format_problems(data) or column_problems(data)
    if problems:
        raise ScenarioFileError(f"{stem}: " + " ".join(problems))
    return code, data


def column_problems(data: dict) -> list[str]:
    """Text longer than its column: PostgreSQL refuses it (SQLite would store it)."""
    longest = Scenario._meta.get_field("name").max_length
    if longest is not None and len(data["name"]) > longest:
        return [f'"name" must be at most {longest} characters.']
    return []


def save_scenario(code: str, data: dict) -> tuple[Scenario, bool]:
    """Create or update the scenario with this code from file data."""
    return Scenario.objects.update_or_create(
        code=code,
        defaults={
            "name": data["name"],
            "description": data["description"],
            "source": data.get("source", ""),
            "partial": data.get("partial", False),
            "answers": data["answers"],
            "expected": data["expected"],
        },
    )


def import_files(files: Iterable[tuple[str, bytes | str]]) -> tuple[int, int]:
    """Import (name, content) pairs all or nothing; returns (created, updated).

    Every file is checked before anything is saved, and all problems are reported together.
    """
    parsed, errors = [], []
    for name, content in files:
        try:
            parsed.append(parse_file(name, content))
        except ScenarioFileError as error:
            errors.append(str(error))
    codes = [code for code, _ in parsed]
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        errors.append(f"The same file name is given twice: {', '.join(repeated)}.")
    if errors:
        raise ScenarioFileError("\n".join(errors))
    created = updated = 0
    with transaction.atomic():
        for code, data in parsed:
            _, was_created = save_scenario(code, data)
            created += was_created
            updated += not was_created
    return created, updated


def export_to(directory: Path, scenarios: Iterable[Scenario] | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for scenario in scenarios if scenarios is not None else Scenario.objects.order_by("code"):
        path = directory / file_name(scenario)
        path.write_text(file_text(scenario), encoding="utf-8")
        paths.append(path)
    return paths


def saved_scenarios() -> list[tuple[str, dict]]:
    """Every saved scenario as (code, file data), in code order."""
    return [(s.code, s.as_data()) for s in Scenario.objects.order_by("code")]


def run_scenarios(knowledge: engine.Knowledge, published: engine.Knowledge | None) -> list[Comparison]:
    """Every saved scenario against `knowledge` (usually the draft) and what the public sees now."""
    return compare(saved_scenarios(), knowledge, published)
