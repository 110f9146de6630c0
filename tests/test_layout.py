"""The code's layout keeps its promises: layers only point down, nothing imports in a circle, no
import hides inside a function, and each domain word is defined once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "triage"

# Lower numbers are lower layers: a module may import from its own layer or below, never above.
PURE, MODELS, SERVICES, WEB = 0, 1, 2, 3
LAYERS = {
    "triage.vocabulary": PURE,
    "triage.regions": PURE,
    "triage.reference": PURE,
    "triage.engine": PURE,
    "triage.knowledge_types": PURE,
    "triage.medicines": PURE,
    "triage.knowledge.snapshot": PURE,
    "triage.knowledge.diff": PURE,
    "triage.knowledge.self_care_lines": PURE,
    "triage.scenarios.checks": PURE,
    "triage.scenarios.formats": PURE,
    "triage.scenarios.evaluation": PURE,
    "triage.scenarios.coverage": PURE,
    "triage.interop.fhir": PURE,
    "triage.models": MODELS,
    "triage.translation": MODELS,
    "triage.knowledge.languages": PURE,
    "triage.knowledge": SERVICES,
    "triage.knowledge.glossary": SERVICES,
    "triage.scenarios": SERVICES,
    "triage.interop": SERVICES,
    "triage.access_log": SERVICES,
    "triage.safety": SERVICES,
    "triage.questionnaire": WEB,
    "triage.admin": WEB,
    "triage.web": WEB,
    "triage.management": WEB,
    "triage.urls": WEB,
}
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


def imports_of(path: Path) -> list[tuple[str, ast.stmt, bool]]:
    """(imported triage module, node, at module level) for each import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("triage"):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            # "from triage.knowledge import published" imports a module; "from x import name" a name.
            targets = [
                name if (APP.parent / (name.replace(".", "/") + ".py")).exists() else node.module
                for name in names
            ]
            found += [(target, node, id(node) in top) for target in targets]
        elif isinstance(node, ast.Import):
            found += [
                (alias.name, node, id(node) in top) for alias in node.names if alias.name.startswith("triage")
            ]
    return found


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


def test_nothing_imports_in_a_circle():
    graph = {
        module: {t for t, _, _ in imports_of(path) if t in MODULES and t != module}
        for module, path in MODULES.items()
    }
    # A package's __init__ is imported by its modules' importers; only real module edges count.
    visiting, done = set(), set()

    def visit(module: str, trail: list[str]) -> None:
        if module in done:
            return
        assert module not in visiting, "import cycle: " + " → ".join([*trail, module])
        visiting.add(module)
        for target in sorted(graph[module]):
            visit(target, [*trail, module])
        visiting.discard(module)
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


@pytest.mark.parametrize("module", [m for m, layer in LAYERS.items() if layer == PURE])
def test_the_pure_layer_touches_no_database_and_no_request(module):
    source = MODULES[module].read_text(encoding="utf-8")
    for forbidden in ("triage.models", "django.db import", "django.http", "from django.db.models import"):
        assert forbidden not in source, f"{module} uses {forbidden}"


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
    assert engine.Fit is vocabulary.Fit
