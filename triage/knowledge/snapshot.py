"""The knowledge snapshot format: an engine `Knowledge` as JSON-ready data and back, and what differs
between two snapshots.

Pure. Both directions are derived from the engine's dataclass fields, so a field added to a
dataclass is stored and read back without being listed here. `knowledge_to_dict` and
`knowledge_from_dict` are exact inverses: a release's JSON rebuilds the very knowledge that was
published. Sets become sorted lists and mappings are sorted by key, so equal knowledge gives equal
JSON.
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, fields, is_dataclass, replace
from functools import cache
from typing import Any

from triage import engine
from triage.knowledge.languages import texts_by_item
from triage.knowledge.self_care_lines import advice_for_line

SNAPSHOT_FORMAT = 4

# Format 1 (before likelihood ratios) scored answers with additive weights from -5 to 5. Reading such
# a release converts each weight to the ratio the migration gave the draft's links, so an old
# release still runs; it is never rewritten.
WEIGHT_TO_RATIO = {5: 20.0, 4: 10.0, 3: 10.0, 2: 5.0, 1: 2.0, -1: 0.5, -2: 0.2, -3: 0.2, -4: 0.05, -5: 0.05}


def _stored_fields(cls: type) -> list:
    return [
        f
        for f in fields(cls)
        if f.init and not f.metadata.get("from_parent") and f.metadata.get("stored", True)
    ]


def to_data(value: object) -> Any:
    """A dataclass, tuple, set or mapping of them as plain JSON-ready data."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in _stored_fields(type(value))}
    if isinstance(value, frozenset | set):
        return sorted(value)
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, Mapping):
        return {key: to_data(item) for key, item in sorted(value.items())}
    return value


@cache
def _field_types(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _from_type(hint: Any, value: Any, parent_code: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        hint = next(arg for arg in args if arg is not type(None))
        return value if value is None else _from_type(hint, value, parent_code)
    if origin is tuple:
        return tuple(_from_type(args[0], item, parent_code) for item in value)
    if origin is frozenset:
        return frozenset(value)
    if origin in (Mapping, dict, typing.Mapping):
        return dict(value)
    if is_dataclass(hint):
        return from_data(hint, value, parent_code=parent_code)
    return value


def from_data(cls: Any, data: Mapping, *, parent_code: str = "") -> Any:
    """Rebuild a dataclass from `to_data`'s output. Its children learn this item's code."""
    hints = _field_types(cls)
    code = data.get("code", "")
    values = {}
    for f in fields(cls):
        if not f.init:
            continue
        if f.metadata.get("from_parent"):
            values[f.name] = parent_code
        elif f.name not in data and (f.default is not MISSING or f.default_factory is not MISSING):
            # A field added since the snapshot was published keeps its default.
            continue
        elif f.metadata.get("stored", True):
            values[f.name] = _from_type(hints[f.name], data[f.name], code)
    return cls(**values)


def knowledge_to_dict(knowledge: engine.Knowledge) -> dict:
    """Everything the engine needs, as JSON-ready data."""
    return {"format": SNAPSHOT_FORMAT, **to_data(knowledge)}


def upgraded(data: Mapping) -> Mapping:
    """An older snapshot in today's format, one format at a time; a current one as it is."""
    if data.get("format") == 1:
        data = _format_1_to_2(data)
    if data.get("format") == 2:
        data = _format_2_to_3(data)
    if data.get("format") == 3:
        data = _format_3_to_4(data)
    return data


def _format_1_to_2(data: Mapping) -> Mapping:
    conditions = [
        {
            **{k: v for k, v in c.items() if k != "weights"},
            "ratios": {code: WEIGHT_TO_RATIO[weight] for code, weight in c["weights"].items()},
            "ratios_if_absent": {},
            # As format 1 behaved: any supporting answer listed a do-not-miss condition.
            "key_answers": sorted(code for code, weight in c["weights"].items() if weight > 0),
            "minimum_urgency": "",
        }
        for c in data["conditions"]
    ]
    red_flags = [{**r, "any_findings": []} for r in data["red_flags"]]
    return {**data, "format": 2, "conditions": conditions, "red_flags": red_flags}


def _format_2_to_3(data: Mapping) -> Mapping:
    """Format 2 held self-care as lines of text per condition. Each line becomes the advice items
    migration 0011 made of it in the draft, so an old release, too, gives shared advice once and
    advice about a medicine only to people who take it."""
    conditions = []
    for c in data["conditions"]:
        items: dict[str, dict] = {}
        for line in c["self_care"]:
            for code, text, only_if in advice_for_line(line):
                items.setdefault(code, {"code": code, "text": text, "only_if": sorted(only_if)})
        conditions.append({**c, "self_care": list(items.values())})
    return {**data, "format": 3, "conditions": conditions}


# Format 3 had no summary parts, unsure answers or steps whose answers stay: the code named the
# questions, answers and steps these were, as below (issue 23, item 3). Like a migration, this names
# the codes of that time, so that an old release's results keep their doctor's one-line summary.
_FORMAT_3_PARTS = {
    "age": "age",
    "sex": "sex",
    "pregnant": "pregnancy",
    "location": "where",
    "sides": "side",
    "which-side": "side",
    "spread": "spread",
    "onset-when": "started",
    "onset-speed": "onset",
    "course": "course",
}
_FORMAT_3_UNSURE_ENDINGS = ("-unsure", "-unknown", "-unsaid")
_FORMAT_3_STEPS_THAT_STAY = ("about", "medicines", "onset")
_FORMAT_3_WORDS = {
    "pregnant-yes": "pregnant",
    "pregnant-no": "not pregnant",
    "pregnant-recent": "gave birth in the last 6 weeks",
    "onset-sudden": "sudden onset",
    "onset-gradual": "gradual onset",
}


def _format_3_to_4(data: Mapping) -> Mapping:
    def option(o: Mapping) -> dict:
        return {
            **o,
            "unsure": o["code"].endswith(_FORMAT_3_UNSURE_ENDINGS),
            "if_chosen": o.get("if_chosen") or _FORMAT_3_WORDS.get(o["code"], ""),
        }

    def question(q: Mapping) -> dict:
        options = [option(o) for o in q["options"]]
        return {**q, "summary_part": _FORMAT_3_PARTS.get(q["code"], ""), "options": options}

    steps = [
        {
            **s,
            "answers_stay": s["code"] in _FORMAT_3_STEPS_THAT_STAY,
            "questions": [question(q) for q in s["questions"]],
        }
        for s in data["steps"]
    ]
    return {**data, "format": 4, "steps": steps}


def knowledge_from_dict(data: Mapping, *, revision: int = 0) -> engine.Knowledge:
    data = upgraded(data)
    if data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"Unknown knowledge snapshot format {data.get('format')!r}.")
    return replace(from_data(engine.Knowledge, data), revision=revision)


def fingerprint(snapshot: Mapping) -> str:
    """A short hash of a snapshot, to notice when the draft changed while a clinician reviewed it."""
    text = json.dumps(snapshot, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# What differs between two snapshots ----------------------------------------------------------

KINDS = ("steps", "questions", "conditions", "red flags", "medicines")


@dataclass(frozen=True)
class KnowledgeChanges:
    """Which items a new snapshot adds, removes or changes compared with an old one, by kind."""

    added: Mapping[str, list[str]]
    removed: Mapping[str, list[str]]
    changed: Mapping[str, list[str]]

    @property
    def any(self) -> bool:
        return any((*self.added.values(), *self.removed.values(), *self.changed.values()))

    @property
    def count(self) -> int:
        """How many items are added, removed or changed, of every kind together."""
        return sum(len(items) for kind in (self.added, self.removed, self.changed) for items in kind.values())

    def rows(self) -> list[dict]:
        """One row per kind of item, for a table on the publish page."""
        return [
            {
                "kind": kind,
                "added": self.added[kind],
                "removed": self.removed[kind],
                "changed": self.changed[kind],
            }
            for kind in KINDS
            if self.added[kind] or self.removed[kind] or self.changed[kind]
        ]


def _items_by_kind(snapshot: Mapping) -> dict[str, dict[str, tuple[str, dict]]]:
    """kind → code → (display name, data) for each kind of item in a snapshot. An item's texts in
    other languages are fields of its data (`summary_zh_hant`), so a change to one of them alone
    counts as a change to the item; an answer option's go with it, inside its question."""
    texts = texts_by_item(snapshot.get("translations", {}))

    def own(kind: str, item: Any) -> Any:
        # Before format 3 a condition's self-care was lines of text, with no code and no translation.
        if not isinstance(item, Mapping):
            return item
        return {**item, **texts.get(kind, {}).get(item["code"], {})}

    questions = {}
    for step in snapshot["steps"]:
        for q in step["questions"]:
            options = [own("finding", option) for option in q["options"]]
            questions[q["code"]] = (
                q["text"],
                {**own("question", q), "options": options, "step": step["code"]},
            )
    return {
        "steps": {
            s["code"]: (
                s["title"],
                {k: v for k, v in own("step", s).items() if k != "questions"} | {"order": i},
            )
            for i, s in enumerate(snapshot["steps"])
        },
        "questions": questions,
        "conditions": {
            c["code"]: (
                c["name"],
                {
                    **own("condition", c),
                    "self_care": [own("selfcareadvice", a) for a in c.get("self_care", ())],
                },
            )
            for c in snapshot["conditions"]
        },
        "red flags": {r["code"]: (r["title"], own("redflag", r)) for r in snapshot["red_flags"]},
        # Releases published before medicines were knowledge have none.
        "medicines": {m["code"]: (m["name"], m) for m in snapshot.get("medicines", ())},
    }


def _changed_label(old: tuple[str, dict], new: tuple[str, dict], words: Mapping[str, str]) -> str:
    """'Name (what changed)', or 'Old name → New name (…)' when the name itself changed."""
    changed = [key for key in new[1] if old[1].get(key) != new[1][key]]
    if old[0] != new[0]:
        changed = [key for key in changed if key not in ("name", "title", "text")]
    parts = [str(words.get(key, key)) for key in changed]
    name = new[0] if old[0] == new[0] else f"{old[0]} → {new[0]}"
    return f"{name} ({', '.join(parts)})" if parts else name


def snapshot_changes(old: Mapping, new: Mapping, words: Mapping[str, Mapping[str, str]]) -> KnowledgeChanges:
    """`words` gives, per kind, the plain words for each part of an item (its fields' names)."""
    before, after = _items_by_kind(old), _items_by_kind(new)
    added, removed, changed = {}, {}, {}
    for kind in KINDS:
        a, b = before[kind], after[kind]
        added[kind] = [b[code][0] for code in b if code not in a]
        removed[kind] = [a[code][0] for code in a if code not in b]
        changed[kind] = [
            _changed_label(a[code], b[code], words.get(kind, {}))
            for code in b
            if code in a and a[code][1] != b[code][1]
        ]
    return KnowledgeChanges(added=added, removed=removed, changed=changed)
