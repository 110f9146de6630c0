"""Exporting the knowledge base and the scenarios as fixtures and files; a round trip changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from triage.knowledge.draft import build_knowledge
from triage.knowledge.fixtures import DELETE_ORDER
from triage.knowledge.translations import load_translations
from triage.models import Scenario

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.FIXTURE_DIRS[0])
SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"


def files_in(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.glob("*.json"))}


def translations_in(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted((directory / "translations").glob("*/*.json"))
    }


def test_exporting_a_freshly_loaded_database_gives_the_shipped_fixtures_byte_for_byte(tmp_path):
    call_command("export_knowledge", str(tmp_path), verbosity=0)
    exported = files_in(tmp_path)
    assert sorted(exported) == sorted(f"{name}.json" for name in settings.KNOWLEDGE_FIXTURES)
    assert exported == {name: (FIXTURES / name).read_bytes() for name in exported}


def test_exporting_gives_the_shipped_translations_byte_for_byte(tmp_path):
    call_command("export_knowledge", str(tmp_path), verbosity=0)
    exported = translations_in(tmp_path)
    assert "translations/zh-hant/red_flags.json" in exported
    assert exported == translations_in(FIXTURES.parent / "fixtures")


def test_export_then_flush_then_loaddata_then_export_changes_nothing(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_knowledge", str(first), verbosity=0)
    before = build_knowledge()
    for model in DELETE_ORDER:
        model.objects.all().delete()
    Scenario.objects.all().delete()
    assert build_knowledge().steps == ()

    names = [p.stem for p in sorted(first.glob("*.json"))]
    ordered = [n for n in settings.KNOWLEDGE_FIXTURES if n in names]
    call_command("loaddata", *[str(first / f"{n}.json") for n in ordered], verbosity=0)
    load_translations(first / "translations")
    call_command("export_knowledge", str(second), verbosity=0)

    assert files_in(second) == files_in(first)
    assert translations_in(second) == translations_in(first)
    assert build_knowledge() == before


def test_the_shipped_scenario_fixture_holds_exactly_the_files_in_tests_scenarios():
    items = json.loads((FIXTURES / "scenarios.json").read_text())
    shipped = {item["fields"]["code"]: item["fields"] for item in items}
    files = {path.stem: json.loads(path.read_text()) for path in SCENARIO_DIR.glob("*.json")}
    assert sorted(shipped) == sorted(files)
    for code, data in files.items():
        fields = shipped[code]
        assert fields["name"] == data["name"]
        assert fields["description"] == data["description"]
        assert fields["partial"] == data.get("partial", False)
        assert fields["answers"] == data["answers"]
        assert fields["expected"] == data["expected"]


def test_scenario_files_imported_and_exported_again_are_identical(tmp_path):
    Scenario.objects.all().delete()
    call_command("import_scenarios", str(SCENARIO_DIR), verbosity=0)
    call_command("export_scenarios", str(tmp_path), verbosity=0)
    assert files_in(tmp_path) == files_in(SCENARIO_DIR)


def test_importing_a_bad_scenario_file_saves_nothing_and_says_why(tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "good.json").write_bytes((SCENARIO_DIR / "runner-calf-twitch.json").read_bytes())
    (tmp_path / "bad.json").write_text('{"name": "no answers", "description": "x", "expected": {}}')
    with pytest.raises(CommandError) as error:
        call_command("import_scenarios", str(tmp_path), verbosity=0)
    assert "Nothing was imported" in str(error.value)
    assert "bad.json: Missing answers." in str(error.value)
    assert not Scenario.objects.filter(code="good").exists()


def test_importing_a_missing_path_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_scenarios", "/no/such/place.json", verbosity=0)
