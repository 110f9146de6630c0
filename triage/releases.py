"""Knowledge releases: the snapshot format, and publishing and rolling back.

`knowledge_to_dict` and `knowledge_from_dict` are pure and exact inverses, so a release's JSON
snapshot rebuilds the very engine knowledge that was published. The services below are the only
way releases are made.

Rolling back publishes an earlier snapshot again as a new release and leaves the draft tables
alone: the draft may hold work in progress, and a snapshot does not hold everything the draft does
(codes and texts yes, but not, say, a source's review date). The publish page then shows how the
draft differs from what is live, so nothing is re-published by accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max

from triage import engine

SNAPSHOT_FORMAT = 1


class PublishError(Exception):
    """Publishing was refused; the message says why, in plain words."""


def _source(source: engine.SourceInfo) -> dict:
    return {"code": source.code, "title": source.title, "publisher": source.publisher, "url": source.url}


def knowledge_to_dict(knowledge: engine.Knowledge) -> dict:
    """Everything the engine needs, as JSON-ready data. Sets become sorted lists."""
    return {
        "format": SNAPSHOT_FORMAT,
        "steps": [
            {
                "code": step.code,
                "title": step.title,
                "intro": step.intro,
                "questions": [
                    {
                        "code": q.code,
                        "text": q.text,
                        "help_text": q.help_text,
                        "kind": q.kind,
                        "required": q.required,
                        "show_when": sorted(q.show_when),
                        "options": [
                            {
                                "code": f.code,
                                "label": f.label,
                                "help_text": f.help_text,
                                "exclusive": f.exclusive,
                            }
                            for f in q.options
                        ],
                    }
                    for q in step.questions
                ],
            }
            for step in knowledge.steps
        ],
        "conditions": [
            {
                "code": c.code,
                "name": c.name,
                "summary": c.summary,
                "prevalence": c.prevalence,
                "do_not_miss": c.do_not_miss,
                "weights": dict(sorted(c.weights.items())),
                "self_care": list(c.self_care),
                "clinician_questions": list(c.clinician_questions),
                "clinician_examination": list(c.clinician_examination),
                "clinician_tests": list(c.clinician_tests),
                "sources": [_source(s) for s in c.sources],
            }
            for c in knowledge.conditions
        ],
        "red_flags": [
            {
                "code": r.code,
                "title": r.title,
                "urgency": r.urgency,
                "message": r.message,
                "action": r.action,
                "findings": sorted(r.findings),
                "sources": [_source(s) for s in r.sources],
            }
            for r in knowledge.red_flags
        ],
    }


def knowledge_from_dict(data: Mapping, *, revision: int = 0) -> engine.Knowledge:
    if data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"Unknown knowledge snapshot format {data.get('format')!r}.")

    def sources(items) -> tuple[engine.SourceInfo, ...]:
        return tuple(engine.SourceInfo(**item) for item in items)

    steps = tuple(
        engine.StepInfo(
            code=step["code"],
            title=step["title"],
            intro=step["intro"],
            questions=tuple(
                engine.QuestionInfo(
                    code=q["code"],
                    step_code=step["code"],
                    text=q["text"],
                    help_text=q["help_text"],
                    kind=q["kind"],
                    required=q["required"],
                    show_when=frozenset(q["show_when"]),
                    options=tuple(
                        engine.FindingInfo(question_code=q["code"], **option) for option in q["options"]
                    ),
                )
                for q in step["questions"]
            ),
        )
        for step in data["steps"]
    )
    conditions = tuple(
        engine.ConditionInfo(
            code=c["code"],
            name=c["name"],
            summary=c["summary"],
            prevalence=c["prevalence"],
            do_not_miss=c["do_not_miss"],
            weights=dict(c["weights"]),
            self_care=tuple(c["self_care"]),
            clinician_questions=tuple(c["clinician_questions"]),
            clinician_examination=tuple(c["clinician_examination"]),
            clinician_tests=tuple(c["clinician_tests"]),
            sources=sources(c["sources"]),
        )
        for c in data["conditions"]
    )
    red_flags = tuple(
        engine.RedFlagInfo(
            code=r["code"],
            title=r["title"],
            urgency=r["urgency"],
            message=r["message"],
            action=r["action"],
            findings=frozenset(r["findings"]),
            sources=sources(r["sources"]),
        )
        for r in data["red_flags"]
    )
    return engine.Knowledge(steps=steps, conditions=conditions, red_flags=red_flags, revision=revision)


@dataclass(frozen=True)
class KnowledgeChanges:
    """Which items a new snapshot adds, removes or changes compared with an old one, by kind."""

    added: Mapping[str, list[str]]
    removed: Mapping[str, list[str]]
    changed: Mapping[str, list[str]]

    @property
    def any(self) -> bool:
        return any((*self.added.values(), *self.removed.values(), *self.changed.values()))

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


KINDS = ("steps", "questions", "conditions", "red flags")


def _items_by_kind(snapshot: Mapping) -> dict[str, dict[str, tuple[str, dict]]]:
    """kind → code → (display name, data) for each kind of item in a snapshot."""
    questions = {}
    for step in snapshot["steps"]:
        for q in step["questions"]:
            questions[q["code"]] = (q["text"], {**q, "step": step["code"]})
    return {
        "steps": {
            s["code"]: (s["title"], {k: v for k, v in s.items() if k != "questions"} | {"order": i})
            for i, s in enumerate(snapshot["steps"])
        },
        "questions": questions,
        "conditions": {c["code"]: (c["name"], c) for c in snapshot["conditions"]},
        "red flags": {r["code"]: (r["title"], r) for r in snapshot["red_flags"]},
    }


# Plain words for the parts of an item that can change, as shown on the publish page.
FIELD_WORDS = {
    "title": "title",
    "intro": "introduction",
    "order": "position",
    "text": "question",
    "help_text": "hint",
    "kind": "kind",
    "required": "must be answered",
    "show_when": "show only when",
    "options": "answer options",
    "step": "step",
    "name": "name",
    "summary": "summary",
    "prevalence": "how common",
    "do_not_miss": "do not miss",
    "weights": "answer weights",
    "self_care": "self-care advice",
    "clinician_questions": "what a clinician may ask",
    "clinician_examination": "what a clinician may examine",
    "clinician_tests": "tests",
    "sources": "sources",
    "urgency": "urgency",
    "message": "why this matters",
    "action": "what to do now",
    "findings": "answers that raise it",
}


def _changed_label(old: tuple[str, dict], new: tuple[str, dict]) -> str:
    """'Name (what changed)', or 'Old name → New name (…)' when the name itself changed."""
    fields = [FIELD_WORDS.get(key, key) for key in new[1] if old[1].get(key) != new[1][key]]
    fields = [f for f in fields if f not in ("name", "title", "question")] if old[0] != new[0] else fields
    name = new[0] if old[0] == new[0] else f"{old[0]} → {new[0]}"
    return f"{name} ({', '.join(fields)})" if fields else name


def snapshot_changes(old: Mapping, new: Mapping) -> KnowledgeChanges:
    before, after = _items_by_kind(old), _items_by_kind(new)
    added, removed, changed = {}, {}, {}
    for kind in KINDS:
        a, b = before[kind], after[kind]
        added[kind] = [b[code][0] for code in b if code not in a]
        removed[kind] = [a[code][0] for code in a if code not in b]
        changed[kind] = [
            _changed_label(a[code], b[code]) for code in b if code in a and a[code][1] != b[code][1]
        ]
    return KnowledgeChanges(added=added, removed=removed, changed=changed)


# Services. They touch the database, so the ORM is imported lazily: the functions above stay
# importable and testable without Django.


def latest_release():
    from triage.models import Release

    return Release.objects.order_by("-version").first()


def draft_snapshot() -> dict:
    from triage.knowledge import build_knowledge

    return knowledge_to_dict(build_knowledge())


def _create_release(*, snapshot: dict, user, note: str, rolled_back_from=None):
    from triage.models import Release

    note = (note or "").strip()
    if not note:
        raise PublishError("Write a change note: say what changed and why.")
    with transaction.atomic():
        version = (Release.objects.aggregate(top=Max("version"))["top"] or 0) + 1
        try:
            with transaction.atomic():
                return Release.objects.create(
                    version=version,
                    published_by=user,
                    note=note,
                    snapshot=snapshot,
                    rolled_back_from=rolled_back_from,
                )
        except IntegrityError:
            raise PublishError(
                "Someone else published at the same moment. Open the page again and check before publishing."
            ) from None


def publish_release(*, user, note: str, snapshot: dict | None = None):
    """Publish the draft (or a given snapshot of it) as the next release."""
    snapshot = snapshot or draft_snapshot()
    latest = latest_release()
    if latest is not None and latest.snapshot == snapshot:
        raise PublishError(
            f"Nothing to publish: the draft is the same as release v{latest.version}, "
            "which the public already sees."
        )
    return _create_release(snapshot=snapshot, user=user, note=note)


def rollback_to(*, release, user, note: str):
    """Publish an earlier release's snapshot again, as a new release. The draft is left as it is."""
    latest = latest_release()
    if latest is not None and latest.pk == release.pk:
        raise PublishError(f"Release v{release.version} is already the one the public sees.")
    return _create_release(snapshot=release.snapshot, user=user, note=note, rolled_back_from=release)
