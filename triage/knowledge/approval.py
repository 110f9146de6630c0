"""Approval by a second person: whoever changed the draft cannot publish it alone.

The knowledge history (simple-history) says who saved each change. Everyone who saved a change to the
public knowledge since the live release was published is an author of the draft. A clinical lead
may publish what others changed: publishing is their check. An author may publish only once another
clinical lead has approved the draft exactly as it is now (a `DraftApproval` of its fingerprint), or
another lead publishes it. Only where no other clinical lead exists, and the deployment says it has
one clinician (`SINGLE_CLINICIAN`, with a warning on every admin page), may an author publish alone.

Changes with no account on record (loaded from the fixtures, or made outside the admin) have no
author to keep out; the shipped fixtures are reviewed in a pull request instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from triage.knowledge.roles import PUBLISH_PERMISSION, display_name, leads
from triage.models import KNOWLEDGE_MODELS, AcceptedWarning, DraftApproval, Release

# A warning marked as intended quiets the knowledge check; the public never sees it.
PUBLIC_KNOWLEDGE = tuple(model for model in KNOWLEDGE_MODELS if model is not AcceptedWarning)


class ApprovalError(Exception):
    """Approving was refused; the message says why, in plain words."""


def draft_authors(live: Release | None) -> list:
    """The accounts that saved a change to the public knowledge since `live` was published."""
    ids: set[int] = set()
    for model in PUBLIC_KNOWLEDGE:
        records = model.history.filter(history_user__isnull=False)
        if live is not None:
            records = records.filter(history_date__gt=live.published_at)
        ids.update(records.values_list("history_user_id", flat=True).distinct())
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


def approvals(fingerprint: str) -> list[DraftApproval]:
    """The clinical leads' approvals of the draft with this fingerprint, first first."""
    return list(
        DraftApproval.objects.filter(fingerprint=fingerprint)
        .select_related("approved_by")
        .order_by("approved_at")
    )


def approve_draft(*, user, fingerprint: str, current_fingerprint: str) -> DraftApproval:
    """Record that `user`, a clinical lead, checked the draft whose fingerprint they saw."""
    if not user.has_perm(PUBLISH_PERMISSION):
        raise ApprovalError("Only a clinical lead can approve the draft.")
    if fingerprint != current_fingerprint:
        raise ApprovalError(
            "The draft changed while you were reviewing it. Check it again as it is now before approving it."
        )
    try:
        with transaction.atomic():
            return DraftApproval.objects.create(fingerprint=fingerprint, approved_by=user)
    except IntegrityError:
        raise ApprovalError("You have already approved the draft as it is now.") from None


def second_person_refusal(*, user, live: Release | None, fingerprint: str = "") -> str | None:
    """Why `user` may not publish the draft (with this fingerprint) alone, or None when they may."""
    if user is None:
        return None  # the shipped fixtures, loaded by `load_knowledge`
    if user.pk not in {author.pk for author in draft_authors(live)}:
        return None  # publishing is this lead's check of what others changed
    if any(approval.approved_by_id != user.pk for approval in approvals(fingerprint)):
        return None  # another lead checked the draft as it is
    others = [lead for lead in leads() if lead.pk != user.pk]
    if others:
        names = ", ".join(display_name(lead) for lead in others)
        return (
            "You changed this draft, so another clinical lead must check it: they approve it on the "
            f"publish page (then you may publish it) or publish it themselves. Ask one of: {names}."
        )
    if settings.SINGLE_CLINICIAN:
        return None
    return (
        "You changed this draft, and there is no other clinical lead to check it. An administrator "
        "can add one (manage.py create_clinician NAME --role lead); a site with only one clinician "
        "can turn on SINGLE_CLINICIAN."
    )
