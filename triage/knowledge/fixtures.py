"""The draft knowledge base and the scenarios as the files in fixtures/, and back.

The knowledge is Django fixtures that `loaddata` accepts. The scenarios are stored once, as one file
each in fixtures/scenarios/ (the format of `import_scenarios`, the admin's import and the tests): the
name of `settings.KNOWLEDGE_FIXTURES` that says where in the load order they come is that folder.

The export is canonical: objects in a fixed order (steps each followed by their questions and
answer options, everything else by code) and many-to-many links sorted by code, written as
`json.dumps(indent=2)`. So exporting a freshly loaded database gives the shipped fixtures/ files
byte for byte, and a diff between two exports shows only real changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models as db_models
from django.db import transaction
from django.utils import translation

from triage import models
from triage.knowledge.scenarios import file_name, file_text, import_files
from triage.translation import TRANSLATED_FIELDS

# The one entry of settings.KNOWLEDGE_FIXTURES that is a folder of scenario files, not a fixture.
SCENARIOS = "scenarios"


def _serialise(objects) -> list[dict]:
    data = serializers.serialize(
        "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    translated = translation_columns()
    for item in data:
        item.pop("pk", None)
        # The English text is the field itself; other languages have files of their own
        # (triage/knowledge/translations.py), and who reviewed them is kept there too.
        for name in translated:
            item["fields"].pop(name, None)
        for name, value in item["fields"].items():
            # Many-to-many links come out as lists of natural keys: sort them for a stable file.
            if isinstance(value, list) and all(isinstance(v, list | tuple) for v in value):
                item["fields"][name] = sorted(list(v) for v in value)
    return data


def translation_columns() -> set[str]:
    """The per-language columns django-modeltranslation adds, and the review ticks."""
    names = {"reviewed_translations"}
    for field_names in TRANSLATED_FIELDS.values():
        for name in field_names:
            names.update(f"{name}_{code.replace('-', '_')}" for code, _ in settings.LANGUAGES)
    return names


def fixture_objects() -> dict[str, list[dict]]:
    """Fixture name → its objects, in load order (settings.KNOWLEDGE_FIXTURES without the scenarios)."""
    questionnaire = []
    questions = models.Question.objects.select_related("step").prefetch_related("show_when")
    findings = models.Finding.objects.select_related("question")
    for step in models.Step.objects.order_by("order", "code"):
        questionnaire += _serialise([step])
        for question in questions.filter(step=step).order_by("order", "code"):
            questionnaire += _serialise([question])
            questionnaire += _serialise(findings.filter(question=question).order_by("order", "code"))
    return {
        "sources": _serialise(models.Source.objects.order_by("code")),
        "questionnaire": questionnaire,
        # Advice first: the conditions' advice links name it.
        "conditions": _serialise(
            models.SelfCareAdvice.objects.prefetch_related("only_if", "sources").order_by("code")
        )
        + _serialise(models.Condition.objects.prefetch_related("sources").order_by("code"))
        + _serialise(
            models.ConditionFinding.objects.select_related("condition", "finding").order_by(
                "condition__code", "finding__code"
            )
        )
        + _serialise(
            models.ConditionAdvice.objects.select_related("condition", "advice").order_by(
                "condition__code", "order", "advice__code"
            )
        ),
        "red_flags": _serialise(
            models.RedFlag.objects.prefetch_related(
                "findings", "any_findings", "also_any_findings", "sources"
            ).order_by("code")
        ),
        "medicines": _serialise(
            models.Medicine.objects.prefetch_related("findings", "sources").order_by("code")
        ),
        "accepted_warnings": _serialise(models.AcceptedWarning.objects.order_by("kind", "code", "warning")),
        # After the scenarios and red flags: the controls name them.
        "hazards": _serialise(models.Hazard.objects.order_by("code"))
        + _serialise(
            models.HazardControl.objects.select_related("hazard")
            .prefetch_related("scenarios", "red_flags")
            .order_by("hazard__code", "order", "code")
        ),
    }


def dumps(objects: list) -> str:
    return json.dumps(objects, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"


def fixture_files() -> dict[str, str]:
    """Path within fixtures/ → text, for every fixture file and every scenario file
    ("scenarios/<code>.json"). English is the source language: the texts are its columns, whatever
    language the request that asks is in."""
    with translation.override(settings.LANGUAGE_CODE):
        files = {f"{name}.json": dumps(objects) for name, objects in fixture_objects().items()}
        for scenario in models.Scenario.objects.order_by("code"):
            files[f"{SCENARIOS}/{file_name(scenario)}"] = file_text(scenario)
    return files


def write_fixtures(directory: Path) -> list[Path]:
    """Write every file of `fixture_files`; a scenario file in the folder whose scenario is no
    longer in the database is removed, so that loading the folder again does not bring it back."""
    files = fixture_files()
    (directory / SCENARIOS).mkdir(parents=True, exist_ok=True)
    for stale in (directory / SCENARIOS).glob("*.json"):
        if f"{SCENARIOS}/{stale.name}" not in files:
            stale.unlink()
    written = []
    for name, text in files.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def load_fixtures(directory: Path, verbosity: int = 1) -> None:
    """Load every fixture of `directory` in the order of settings.KNOWLEDGE_FIXTURES, and the
    scenario files of its scenarios/ folder at the scenarios' place (the hazard log names them)."""
    names = settings.KNOWLEDGE_FIXTURES
    at = names.index(SCENARIOS)
    for run in (names[:at], None, names[at + 1 :]):
        if run is None:
            import_files((path.name, path.read_bytes()) for path in scenario_paths(directory))
        elif run:
            call_command("loaddata", *(str(directory / f"{name}.json") for name in run), verbosity=verbosity)


def scenario_paths(directory: Path | None = None) -> list[Path]:
    """The scenario files, in code order: fixtures/scenarios/*.json unless another folder is given."""
    folder = (directory or Path(settings.FIXTURE_DIRS[0])) / SCENARIOS
    return sorted(folder.glob("*.json"))


def make_text_plain() -> int:
    """Store every knowledge text as `models.plain_text` gives it; returns how many rows changed.

    For after `loaddata`, which stores exactly what a file says: a fixture edited on Windows, or
    by hand with trailing spaces, would otherwise put text in the draft that the admin's text
    boxes store differently, and the first save without an edit would show up as a change.
    """
    changed = 0
    for model in (*models.KNOWLEDGE_MODELS, *models.SAFETY_MODELS):
        names = models.text_field_names(model)
        if not names:
            continue
        for pk, *texts in model.objects.values_list("pk", *names):
            plain = {
                name: models.plain_text(text)
                for name, text in zip(names, texts, strict=True)
                if text is not None and models.plain_text(text) != text
            }
            if plain:
                model.objects.filter(pk=pk).update(**plain)
                changed += 1
    return changed


# Draft knowledge models, in an order that is safe to delete in (dependants first).
DELETE_ORDER: tuple[type[db_models.Model], ...] = (
    models.HazardControl,
    models.Hazard,
    models.AcceptedWarning,
    models.Medicine,
    models.RedFlag,
    models.ConditionFinding,
    models.ConditionAdvice,
    models.Condition,
    models.SelfCareAdvice,
    models.Finding,
    models.Question,
    models.Step,
    models.Source,
)


def fixture_paths(names: list[str] | None = None) -> list[Path]:
    """The fixture files (the scenarios' folder is not one)."""
    names = names or [name for name in settings.KNOWLEDGE_FIXTURES if name != SCENARIOS]
    directory = Path(settings.FIXTURE_DIRS[0])
    return [directory / f"{name}.json" for name in names]


def remove_rows_missing_from(paths: list[Path]) -> int:
    """Delete draft knowledge rows whose natural key is in none of the fixture files.

    `loaddata` only adds and updates, so without this a row removed from the fixtures would live on.
    Scenarios are left alone: an extra scenario is a test a clinician added, never harmful.
    """
    keys: dict[str, set[tuple]] = {}
    for path in paths:
        for item in json.loads(path.read_text(encoding="utf-8")):
            model = item["model"]
            fields = item["fields"]
            key: tuple[str, ...]
            if model == "triage.conditionfinding":
                key = (fields["condition"][0], fields["finding"][0])
            elif model == "triage.conditionadvice":
                key = (fields["condition"][0], fields["advice"][0])
            elif model == "triage.acceptedwarning":
                key = (fields["kind"], fields["code"], fields["warning"])
            else:
                key = (fields["code"],)
            keys.setdefault(model, set()).add(key)
    removed = 0
    with transaction.atomic():
        for model in DELETE_ORDER:
            wanted = keys.get(model._meta.label_lower, set())
            stale = [obj.pk for obj in _with_keys(model) if obj.natural_key() not in wanted]
            if stale:
                removed += len(stale)
                model._default_manager.filter(pk__in=stale).delete()
    return removed


def _with_keys(model: type[db_models.Model]):
    if model is models.ConditionFinding:
        return model._default_manager.select_related("condition", "finding")
    if model is models.ConditionAdvice:
        return model._default_manager.select_related("condition", "advice")
    return model._default_manager.all()
