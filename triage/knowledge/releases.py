"""Publishing the draft as a release, and rolling back: the one place that decides whether either may
happen.

The admin's pages, `manage.py publish` / `manage.py rollback`, `load_knowledge` and the tests all
call these services, so every gate holds whichever way a release is made:

- a change note is required;
- the draft must still be the one the clinician reviewed (its fingerprint);
- there must be something new to publish;
- the knowledge check must find no errors;
- failing scenarios must be accepted explicitly (and the hazard log's controls that they test are
  named: `Review.control_warnings`, and `safety_warnings` on the release made);
- whoever changed the draft cannot publish it alone: another clinical lead approves the draft as it
  is or publishes it, unless no other lead exists and the deployment has one clinician
  (`SINGLE_CLINICIAN`, see `triage.knowledge.approval`).

The admin's pages add one step of their own: publishing and rolling back are confirmed on a page
that shows what goes live, with a signed token (`confirmation_token`) that a bare POST lacks.

Rolling back publishes an earlier snapshot again as a new release and leaves the draft tables
alone: the draft may hold work in progress, and a snapshot does not hold everything the draft does
(codes and texts yes, but not, say, a source's review date).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import overload

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Field, Max, Model

from triage import engine
from triage.knowledge.approval import second_person_refusal
from triage.knowledge.check import find_problems
from triage.knowledge.diff import DiffWords, KnowledgeDiff, knowledge_diff
from triage.knowledge.draft import build_knowledge
from triage.knowledge.roles import PUBLISH_PERMISSION as PUBLISH_PERMISSION  # the pages ask here
from triage.knowledge.safety_evidence import ControlWarning, control_warnings
from triage.knowledge.scenarios import run_scenarios
from triage.knowledge.snapshot import (
    KnowledgeChanges,
    fingerprint,
    knowledge_from_dict,
    knowledge_to_dict,
    snapshot_changes,
    upgraded,
)
from triage.knowledge.translations import field_words as column_words
from triage.models import (
    Condition,
    ConditionFinding,
    Finding,
    Medicine,
    Question,
    RedFlag,
    Release,
    SelfCareAdvice,
    Source,
    Step,
)
from triage.scenarios.checks import Comparison
from triage.scenarios.coverage import Coverage, coverage_of, untested_changes


class PublishError(Exception):
    """Publishing or rolling back was refused; the message says why, in plain words."""


class NotALead(PublishError):
    """Only a clinical lead publishes or rolls back: the gate of record, whoever asks (the admin's
    pages, `manage.py publish` and `rollback`)."""


def require_lead(user) -> None:
    """An account must be a clinical lead's. No account (None) is the site's operator, working from
    a shell (`manage.py load_knowledge` publishing the shipped fixtures), who can change anything in
    the database anyway; the admin's pages and the commands always pass the account."""
    if user is not None and not user.has_perm(PUBLISH_PERMISSION):
        raise NotALead("Not allowed: only a clinical lead can publish or roll back the knowledge.")


class DraftChanged(PublishError):
    """The draft is no longer the one that was reviewed."""


class KnowledgeHasErrors(PublishError):
    """The knowledge check finds errors in the draft."""


class SecondPersonNeeded(PublishError):
    """The publisher changed the draft, and another clinical lead must check and publish it."""


class ScenariosFail(PublishError):
    """Scenarios fail against the draft and nobody accepted that."""

    def __init__(self, failing: int) -> None:
        self.failing = failing
        super().__init__(f"{failing} scenario(s) fail against the draft. Tick this box to publish anyway.")


def latest_release() -> Release | None:
    return Release.objects.order_by("-version").first()


@overload
def published_knowledge(release: Release) -> engine.Knowledge: ...
@overload
def published_knowledge(release: None) -> None: ...
def published_knowledge(release: Release | None) -> engine.Knowledge | None:
    return knowledge_from_dict(release.snapshot, revision=release.version) if release else None


# Each kind of item in a snapshot, the model it comes from, and the snapshot keys that are not
# that model's own fields, with the field that names them.
SNAPSHOT_MODELS: dict[str, tuple[type[Model], dict[str, tuple[type[Model], str | None]]]] = {
    "steps": (Step, {}),
    "questions": (Question, {"options": (Finding, None)}),
    "conditions": (
        Condition,
        {"ratios": (ConditionFinding, "ratio"), "ratios_if_absent": (ConditionFinding, "ratio_if_absent")},
    ),
    "red flags": (RedFlag, {}),
    "medicines": (Medicine, {}),
}


def field_words(model, name: str | None) -> str:
    """A field's words as the admin shows them, or the model's plural name for a list of its rows."""
    if name is None:
        return str(model._meta.verbose_name_plural)
    return column_words(model._meta.get_field(name))


def change_words() -> dict[str, dict[str, str]]:
    """Per kind, the plain words for each part of an item, from the models' verbose names."""
    words = {}
    for kind, (model, others) in SNAPSHOT_MODELS.items():
        names = {f.name for f in model._meta.get_fields() if hasattr(f, "verbose_name")}
        words[kind] = {name: field_words(model, name) for name in names}
        words[kind].update({key: field_words(*where) for key, where in others.items()})
    return words


def changes_between(old: dict, new: dict) -> KnowledgeChanges:
    return snapshot_changes(old, new, change_words())


# Each kind of item the before-and-after pages compare, its model, and the snapshot keys that are
# not that model's own fields, with the model whose plural names them.
DIFF_MODELS: dict[str, tuple[type[Model], dict[str, type[Model]]]] = {
    "steps": (Step, {"questions": Question}),
    "questions": (Question, {"options": Finding}),
    "answer options": (Finding, {}),
    "conditions": (Condition, {}),
    "links": (ConditionFinding, {}),
    "self-care advice": (SelfCareAdvice, {}),
    "red flags": (RedFlag, {}),
    "medicines": (Medicine, {}),
    "sources": (Source, {}),
}


def diff_words() -> DiffWords:
    """The words of the before-and-after pages, from the models: kinds' plural names, fields'
    verbose names, and the labels of every field with choices (the vocabulary's own)."""
    kinds, fields, choices = {}, {}, {}
    for kind, (model, others) in DIFF_MODELS.items():
        kinds[kind] = str(model._meta.verbose_name_plural)
        own = [f for f in model._meta.get_fields() if isinstance(f, Field)]  # not the reverse relations
        fields[kind] = {f.name: column_words(f) for f in own}
        fields[kind].update({key: str(other._meta.verbose_name_plural) for key, other in others.items()})
        for f in own:
            if f.choices:
                choices[f.name] = {value: str(label) for value, label in f.flatchoices}
    return DiffWords(kinds=kinds, fields=fields, choices=choices)


def diff_between(old: dict, new: dict) -> KnowledgeDiff:
    """Field by field, what `new` changes compared with `old` (each in any snapshot format)."""
    return knowledge_diff(upgraded(old), upgraded(new), diff_words())


def release_before(release: Release) -> Release | None:
    return Release.objects.filter(version__lt=release.version).order_by("-version").first()


def release_changes(release: Release) -> tuple[Release | None, KnowledgeDiff | None]:
    """The release before this one and what this one changed compared with it (None, None for the
    first release). A rollback's changes are those it undid."""
    previous = release_before(release)
    return previous, diff_between(previous.snapshot, release.snapshot) if previous else None


@dataclass(frozen=True)
class Review:
    """What a clinician looks at before a release is made: the knowledge to publish, what the public
    sees now, how the scenarios fare on each, and the knowledge check's errors."""

    knowledge: engine.Knowledge
    live: Release | None
    rows: list[Comparison]
    errors: list[str]

    @cached_property
    def snapshot(self) -> dict:
        return knowledge_to_dict(self.knowledge)

    @cached_property
    def fingerprint(self) -> str:
        return fingerprint(self.snapshot)

    @property
    def failing(self) -> list[Comparison]:
        return [row for row in self.rows if not row.draft.passed]

    @property
    def unchanged(self) -> bool:
        return self.live is not None and self.live.snapshot == self.snapshot

    @property
    def changes(self) -> KnowledgeChanges | None:
        return changes_between(self.live.snapshot, self.snapshot) if self.live else None

    @cached_property
    def diff(self) -> KnowledgeDiff | None:
        return diff_between(self.live.snapshot, self.snapshot) if self.live else None

    @cached_property
    def coverage(self) -> Coverage:
        return coverage_of(self.rows, self.knowledge)

    @cached_property
    def control_warnings(self) -> list[ControlWarning]:
        """The hazard log's controls whose scenarios fail on this knowledge: a warning, not a gate
        (failing scenarios are a gate of their own)."""
        return control_warnings(self.rows, self.knowledge)

    @cached_property
    def untested_changes(self) -> list[str]:
        """What the knowledge adds or changes that no scenario exercises: a warning, not a gate."""
        return untested_changes(published_knowledge(self.live), self.knowledge, self.coverage)


@dataclass(frozen=True)
class DraftStatus:
    """What the draft banner of the admin says: the release the public sees, and how many items
    (steps, questions, conditions, red flags) the draft adds, removes or changes compared with it."""

    live: Release | None
    changes: KnowledgeChanges | None
    draft: dict | None = None

    @property
    def waiting(self) -> int:
        return self.changes.count if self.changes else 0

    @cached_property
    def diff(self) -> KnowledgeDiff | None:
        """Field by field, what the draft changes: worked out only by the pages that show it."""
        return diff_between(self.live.snapshot, self.draft) if self.live and self.draft else None


def draft_status() -> DraftStatus:
    """The draft against the live release: the draft's fixed handful of queries plus one, and no
    scenario run or knowledge check (the publish page's review does those)."""
    live = latest_release()
    if live is None:
        return DraftStatus(live=None, changes=None)
    draft = knowledge_to_dict(build_knowledge())
    return DraftStatus(live=live, changes=changes_between(live.snapshot, draft), draft=draft)


def draft_fingerprint() -> str:
    """The draft's fingerprint as it is now, without running the scenarios."""
    return fingerprint(knowledge_to_dict(build_knowledge()))


def review_draft() -> Review:
    """The draft as it is now, ready to be checked and published."""
    draft = build_knowledge()
    live = latest_release()
    return Review(
        knowledge=draft,
        live=live,
        rows=run_scenarios(draft, published_knowledge(live)),
        errors=[str(problem) for problem in find_problems(draft) if problem.is_error],
    )


def review_rollback(target: Release) -> Review:
    """Rolling back to `target`: its knowledge against what the public sees now."""
    live = latest_release()
    knowledge = knowledge_from_dict(target.snapshot, revision=target.version)
    rows = run_scenarios(knowledge, published_knowledge(live))
    return Review(knowledge=knowledge, live=live, rows=rows, errors=[])


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if not note:
        raise PublishError("Write a change note: say what changed and why.")
    return note


def _create_release(*, snapshot: dict, user, note: str, rolled_back_from: Release | None = None) -> Release:
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


def check_publishable(
    *,
    user,
    note: str,
    review: Review,
    reviewed_fingerprint: str | None = None,
    accept_failing_scenarios: bool = False,
) -> str:
    """Every gate of publishing `review`'s draft (see the module's docstring), without publishing:
    raises a `PublishError` saying why not, or gives back the cleaned note."""
    require_lead(user)
    note = _clean_note(note)
    if reviewed_fingerprint is not None and reviewed_fingerprint != review.fingerprint:
        raise DraftChanged(
            "The draft changed while you were reviewing it. The results below are for the draft as it "
            "is now: check them again before publishing."
        )
    if review.unchanged and review.live is not None:  # unchanged: the same as the live release
        raise PublishError(
            f"Nothing to publish: the draft is the same as release v{review.live.version}, "
            "which the public already sees."
        )
    if review.errors:
        raise KnowledgeHasErrors("Fix the problems in the knowledge check before publishing.")
    if review.failing and not accept_failing_scenarios:
        raise ScenariosFail(len(review.failing))
    if refusal := second_person_refusal(user=user, live=review.live, fingerprint=review.fingerprint):
        raise SecondPersonNeeded(refusal)
    return note


def publish_release(
    *,
    user,
    note: str,
    review: Review | None = None,
    reviewed_fingerprint: str | None = None,
    accept_failing_scenarios: bool = False,
) -> Release:
    """Publish the draft as the next release, through every gate (`check_publishable`).

    `review` is the review the clinician saw (made now when not given); `reviewed_fingerprint`, when
    given, must still match the draft.
    """
    review = review or review_draft()
    note = check_publishable(
        user=user,
        note=note,
        review=review,
        reviewed_fingerprint=reviewed_fingerprint,
        accept_failing_scenarios=accept_failing_scenarios,
    )
    release = _create_release(snapshot=review.snapshot, user=user, note=note)
    release.safety_warnings = tuple(str(warning) for warning in review.control_warnings)
    return release


def check_rollback(*, release: Release, user, note: str) -> str:
    """Every gate of rolling back to `release`, without doing it: the cleaned note, or a refusal."""
    require_lead(user)
    note = _clean_note(note)
    latest = latest_release()
    if latest is not None and latest.pk == release.pk:
        raise PublishError(f"Release v{release.version} is already the one the public sees.")
    return note


def rollback_to(*, release: Release, user, note: str) -> Release:
    """Publish an earlier release's snapshot again, as a new release. The draft is left as it is.

    No second person is asked for: the release being republished was checked when it was first
    published, and a roll-back is what a lead does when the live release is wrong."""
    note = check_rollback(release=release, user=user, note=note)
    return _create_release(snapshot=release.snapshot, user=user, note=note, rolled_back_from=release)


# Confirming --------------------------------------------------------------------------------------

CONFIRMATION_SALT = "triage.knowledge.releases.confirmation"
# Long enough to read the confirmation page, short enough that an old one is not lying around.
CONFIRMATION_MAX_AGE = 60 * 60


def confirmation_token(*, action: str, user, target: str, note: str) -> str:
    """A signed note that `user` saw the confirmation page for `action` ("publish" or "rollback") of
    `target` (the draft's fingerprint, or the release's version) with this `note`."""
    return signing.dumps([action, user.pk, target, note.strip()], salt=CONFIRMATION_SALT)


def confirmed(token: str | None, *, action: str, user, target: str, note: str) -> bool:
    """Whether `token` is a fresh confirmation of exactly this action, by this user, with this note."""
    if not token:
        return False
    try:
        signed = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return False
    return signed == [action, user.pk, target, note.strip()]
