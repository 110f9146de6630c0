"""Exporting the knowledge base and the scenarios as fixtures and files; a round trip changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.helpers import SCENARIO_DIR
from triage.knowledge.draft import build_knowledge
from triage.knowledge.fixtures import DELETE_ORDER, SCENARIOS, load_fixtures
from triage.knowledge.translations import load_translations
from triage.models import Scenario

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.FIXTURE_DIRS[0])


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
    fixtures = [name for name in settings.KNOWLEDGE_FIXTURES if name != SCENARIOS]
    assert sorted(exported) == sorted(f"{name}.json" for name in fixtures)
    assert exported == {name: (FIXTURES / name).read_bytes() for name in exported}
    assert files_in(tmp_path / "scenarios") == files_in(SCENARIO_DIR)


def test_the_scenarios_are_stored_once_as_files_and_load_knowledge_loads_every_one():
    assert not (FIXTURES / "scenarios.json").exists()
    assert not (FIXTURES.parent / "tests" / "scenarios").exists()
    codes = sorted(path.stem for path in SCENARIO_DIR.glob("*.json"))
    assert len(codes) > 100
    assert sorted(Scenario.objects.values_list("code", flat=True)) == codes
    saved = Scenario.objects.get(code="runner-calf-twitch")
    assert saved.as_data() == json.loads((SCENARIO_DIR / "runner-calf-twitch.json").read_text())


def test_exporting_removes_the_file_of_a_scenario_deleted_in_the_admin(tmp_path):
    call_command("export_knowledge", str(tmp_path), verbosity=0)
    assert (tmp_path / "scenarios" / "runner-calf-twitch.json").exists()
    Scenario.objects.filter(code="runner-calf-twitch").delete()
    call_command("export_knowledge", str(tmp_path), verbosity=0)
    assert not (tmp_path / "scenarios" / "runner-calf-twitch.json").exists()
    assert len(files_in(tmp_path / "scenarios")) == len(files_in(SCENARIO_DIR)) - 1


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

    load_fixtures(first, verbosity=0)
    load_translations(first / "translations")
    call_command("export_knowledge", str(second), verbosity=0)

    assert files_in(second) == files_in(first)
    assert files_in(second / "scenarios") == files_in(first / "scenarios")
    assert translations_in(second) == translations_in(first)
    assert build_knowledge() == before


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
