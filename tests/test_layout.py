"""The code's layout keeps its promises: layers only point down, nothing imports in a circle, no
import hides inside a function, and each domain word is defined once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "triage"

# Lower numbers are lower layers: a module may import from its own layer or below, never above.
# One row per package (or top-level module) of the app, as the code is laid out.
PURE, MODELS, SERVICES, PLUMBING, FEATURES, ROUTES = range(6)
LAYERS = {
    # The domain's words and the engine: plain Python, tested without a database or a request.
    "triage.vocabulary": PURE,
    "triage.regions": PURE,
    "triage.regional_measures": PURE,
    "triage.punctuation": PURE,
    "triage.reference": PURE,
    "triage.engine": PURE,
    "triage.knowledge_types": PURE,
    "triage.medicines": PURE,
    "triage.scenarios": PURE,
    # The tables, and which of their texts are translated.
    "triage.models": MODELS,
    "triage.translation": MODELS,
    # What the views, the admin and the commands call.
    "triage.knowledge": SERVICES,
    "triage.interop": SERVICES,
    "triage.access_log": SERVICES,
    "triage.safety": SERVICES,
    # What every page uses: middleware, error pages, context processors, the request's region.
    "triage.web": PLUMBING,
    # The public questionnaire, the clinicians' admin and the commands.
    "triage.questionnaire": FEATURES,
    "triage.admin": FEATURES,
    "triage.management": FEATURES,
    "triage.urls": ROUTES,
}
# Modules of a higher package that are pure all the same (the knowledge's formats, the FHIR
# mapping): the purity test holds them to the pure layer's rules.
PURE_INSIDE = (
    "triage.knowledge.snapshot",
    "triage.knowledge.diff",
    "triage.knowledge.languages",
    "triage.knowledge.self_care_lines",
    "triage.interop.fhir",
)
# Set-up modules that Django itself loads; they belong to no layer.
OUTSIDE = ("triage.settings", "triage.wsgi", "triage.apps", "triage.migrations", "triage")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int | None:
    """The layer of the longest matching prefix, or None for set-up modules."""
    if module in OUTSIDE or module.startswith("triage.migrations"):
        return None
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LAYERS[prefix]
    raise AssertionError(f"{module} has no layer: add it to LAYERS in tests/test_layout.py")


def is_module(name: str) -> bool:
    path = APP.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def all_imports(path: Path) -> list[tuple[str, ast.stmt, bool]]:
    """(imported module, node, at module level) for every import in a file, of any package, read
    from its syntax tree: `from a import b` names a.b where that is a module of this app, else a."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module and not node.level, f"{path}: a relative import on line {node.lineno}"
            # "from triage.knowledge import published" imports a module; "from x import name" a name.
            targets = [
                f"{node.module}.{alias.name}" if is_module(f"{node.module}.{alias.name}") else node.module
                for alias in node.names
            ]
            found += [(target, node, id(node) in top) for target in targets]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node, id(node) in top) for alias in node.names]
    return found


def imports_of(path: Path) -> list[tuple[str, ast.stmt, bool]]:
    """(imported module of the app, node, at module level) for each import of the app in a file."""
    return [found for found in all_imports(path) if found[0] == "triage" or found[0].startswith("triage.")]


MODULES = {module_name(path): path for path in sorted(APP.rglob("*.py")) if "migrations" not in path.parts}


def test_every_module_of_the_app_has_a_layer():
    for module in MODULES:
        layer_of(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_only_down_the_layers(module):
    here = layer_of(module)
    if here is None:
        return
    for target, node, _ in imports_of(MODULES[module]):
        there = layer_of(target)
        assert there is not None and there <= here, (
            f"{module} (layer {here}) imports {target} (layer {there}) on line {node.lineno}"
        )


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_hides_inside_a_function(module):
    for target, node, at_top in imports_of(MODULES[module]):
        assert at_top, f"{module} imports {target} inside a function or class on line {node.lineno}"


def a_circle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of the graph (as a trail that ends where it began), or []."""
    visiting, done = set(), set()

    def visit(node: str, trail: list[str]) -> list[str]:
        if node in done:
            return []
        if node in visiting:
            return [*trail[trail.index(node) :], node]
        visiting.add(node)
        for target in sorted(graph.get(node, ())):
            if found := visit(target, [*trail, node]):
                return found
        visiting.discard(node)
        done.add(node)
        return []

    for node in sorted(graph):
        if found := visit(node, []):
            return found
    return []


def test_nothing_imports_in_a_circle():
    # A package's __init__ is imported by its modules' importers; only real module edges count.
    graph = {
        module: {t for t, _, _ in imports_of(path) if t in MODULES and t != module}
        for module, path in MODULES.items()
    }
    assert a_circle(graph) == []


def package_of(module: str) -> str:
    """The row of LAYERS a module belongs to: "triage.web.errors" → "triage.web"."""
    return max((row for row in LAYERS if module == row or module.startswith(row + ".")), key=len)


def test_no_two_packages_import_each_other():
    """Module by module there may be no circle while two packages still lean on each other (the
    error pages of `web` on the questionnaire's region, the questionnaire on `web`'s messages):
    then neither is below the other, whatever the table says."""
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        if layer_of(module) is None:
            continue
        graph.setdefault(package_of(module), set()).update(
            package_of(t) for t, _, _ in imports_of(path) if layer_of(t) is not None
        )
    assert a_circle({package: targets - {package} for package, targets in graph.items()}) == []


def test_the_circle_finder_finds_two_packages_that_import_each_other():
    leaning = {"web": {"questionnaire"}, "questionnaire": {"web", "models"}, "models": set()}
    assert a_circle(leaning) == ["questionnaire", "web", "questionnaire"]
    assert a_circle({**leaning, "web": {"models"}}) == []


def test_every_row_of_the_table_is_a_module_of_the_app():
    assert [row for row in [*LAYERS, *PURE_INSIDE] if row not in MODULES] == []


def is_pure(module: str) -> bool:
    return layer_of(module) == PURE or any(module == m or module.startswith(m + ".") for m in PURE_INSIDE)


# All the pure layer may take from Django: words (translation, safe HTML), settings read when
# called, and Django's enumeration type. `django.db.models.enums` is the one part of `django.db`
# allowed: `TextChoices` is an Enum with labels that opens no connection, runs no query and needs
# no app loaded (test_the_engine_runs_without_a_database_or_an_app), and it lets the vocabulary
# give the models, forms and engine the same choices without a second list or an enum of our own.
PURE_MAY_USE_OF_DJANGO = ("django.utils", "django.conf", "django.db.models.enums")


def impurities(path: Path) -> list[str]:
    """The imports that break the pure layer's rules, however they are spelt."""
    found = []
    for target, node, _ in all_imports(path):
        if target == "django" or target.startswith("django."):
            if not any(target == ok or target.startswith(ok + ".") for ok in PURE_MAY_USE_OF_DJANGO):
                found.append(f"{target} on line {node.lineno}")
        elif (target == "triage" or target.startswith("triage.")) and not is_pure(target):
            found.append(f"{target} (not pure) on line {node.lineno}")
    return found


@pytest.mark.parametrize("module", sorted(m for m in MODULES if layer_of(m) is not None and is_pure(m)))
def test_the_pure_layer_touches_no_database_and_no_request(module):
    assert impurities(MODULES[module]) == []


def test_the_purity_check_sees_the_orm_however_it_is_imported(tmp_path):
    spellings = {
        "from django.db import models": ["django.db on line 1"],
        "import django.db.models as m": ["django.db.models on line 1"],
        "from django.db.models import Q": ["django.db.models on line 1"],
        "def f():\n    from django.http import HttpResponse": ["django.http on line 2"],
        "from triage.models import Finding": ["triage.models (not pure) on line 1"],
        "from triage import models": ["triage.models (not pure) on line 1"],
        "from triage.web.region import region_of": ["triage.web.region (not pure) on line 1"],
        "from django.db.models.enums import TextChoices": [],
        "from django.utils.translation import gettext_lazy": [],
        "from triage import engine": [],
    }
    for source, expected in spellings.items():
        path = tmp_path / "module.py"
        path.write_text(source + "\n", encoding="utf-8")
        assert impurities(path) == expected, source


ENGINE_ALONE = """
import json, sys
import django.apps
from triage import engine
from triage.knowledge.snapshot import knowledge_from_dict
knowledge = knowledge_from_dict(json.loads(sys.stdin.read()))
result = engine.assess(json.loads(sys.argv[1]), knowledge)
assert not django.apps.apps.ready
print(result.urgency, result.most_likely.condition.code if result.most_likely else "")
"""


def test_the_engine_runs_without_a_database_or_an_app(knowledge):
    """The pure layer imported and run in a fresh interpreter with no settings, no app loaded and
    no database: it assesses a scenario's answers against a snapshot of the shipped knowledge."""
    import json
    import os
    import subprocess
    import sys

    from triage import engine
    from triage.knowledge.snapshot import knowledge_to_dict

    answers = json.loads((ROOT / "fixtures/scenarios/runner-calf-twitch.json").read_text())["answers"]
    expected = engine.assess(answers, knowledge)
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    run = subprocess.run(
        [sys.executable, "-c", ENGINE_ALONE, json.dumps(answers)],
        input=json.dumps(knowledge_to_dict(knowledge)),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        check=False,
    )
    assert run.stderr == ""
    assert run.stdout.split() == [expected.urgency, expected.most_likely.condition.code]


def test_no_file_of_the_app_is_much_longer_than_400_lines_but_the_models():
    long = {
        module: len(path.read_text(encoding="utf-8").splitlines())
        for module, path in MODULES.items()
        if module != "triage.models"
    }
    assert {m: n for m, n in long.items() if n > 450} == {}


def test_the_domain_words_are_the_same_objects_everywhere():
    from triage import engine, models, vocabulary
    from triage.admin.forms import LinkForm
    from triage.questionnaire import results
    from triage.scenarios import checks

    assert engine.URGENCY_ORDER is vocabulary.URGENCY_ORDER
    assert engine.most_urgent is vocabulary.most_urgent
    assert results.URGENCY_TEXT is vocabulary.URGENCY_TEXT
    assert checks.short_words is vocabulary.short_words
    assert models.RedFlag._meta.get_field("urgency").choices == vocabulary.Urgency.choices
    assert models.Assessment._meta.get_field("urgency").choices == vocabulary.Urgency.choices
    assert models.Condition._meta.get_field("prevalence").choices == vocabulary.Prevalence.choices
    assert models.ConditionFinding._meta.get_field("ratio").choices == vocabulary.Ratio.choices
    assert LinkForm.base_fields["ratio"].choices[1:] == vocabulary.Ratio.choices
    assert engine.PRIOR is vocabulary.PRIOR
    assert engine.TIERS is vocabulary.TIERS
    assert engine.Fit is vocabulary.Fit


def test_the_shared_lists_and_rules_are_defined_once_and_imported():
    from triage import engine, knowledge_types, models, translation, vocabulary
    from triage.admin import forms
    from triage.interop.fhir import codes
    from triage.knowledge import check, draft, languages

    assert languages.TRANSLATED is knowledge_types.TRANSLATED
    assert {
        models.Step: knowledge_types.TRANSLATED[engine.StepInfo][1],
        models.Question: knowledge_types.TRANSLATED[engine.QuestionInfo][1],
        models.Finding: knowledge_types.TRANSLATED[engine.FindingInfo][1],
        models.SelfCareAdvice: knowledge_types.TRANSLATED[engine.SelfCareAdviceInfo][1],
        models.Condition: knowledge_types.TRANSLATED[engine.ConditionInfo][1],
        models.RedFlag: knowledge_types.TRANSLATED[engine.RedFlagInfo][1],
    } == translation.TRANSLATED_FIELDS
    assert draft.text_lines is languages.text_lines
    assert forms.medicine_for_everyone is check.medicine_for_everyone is vocabulary.medicine_for_everyone
    assert codes.deployment_region is vocabulary.deployment_region
