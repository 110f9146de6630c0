"""Approval by a second person: whoever changed the draft cannot publish it alone.

The knowledge history (simple-history) says who saved each change. Everyone who saved a change to the
public knowledge since the live release was published is an author of the draft. An author may not
publish it: another clinical lead, who did not change it, checks and publishes it. Only where no such
lead exists, and the deployment says it has one clinician (`SINGLE_CLINICIAN`, with a warning on
every admin page), may an author publish alone.

Changes with no account on record (loaded from the fixtures, or made outside the admin) have no
author to keep out; the shipped fixtures are reviewed in a pull request instead.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from triage.knowledge.roles import display_name, leads
from triage.models import KNOWLEDGE_MODELS, AcceptedWarning, Release

# A warning marked as intended quiets the knowledge check; the public never sees it.
PUBLIC_KNOWLEDGE = tuple(model for model in KNOWLEDGE_MODELS if model is not AcceptedWarning)


def draft_authors(live: Release | None) -> list:
    """The accounts that saved a change to the public knowledge since `live` was published."""
    ids: set[int] = set()
    for model in PUBLIC_KNOWLEDGE:
        records = model.history.filter(history_user__isnull=False)
        if live is not None:
            records = records.filter(history_date__gt=live.published_at)
        ids.update(records.values_list("history_user_id", flat=True).distinct())
    return list(get_user_model().objects.filter(pk__in=ids).order_by("username"))


def independent_leads(authors: list) -> list:
    """The clinical leads who did not change the draft: those who may check and publish it."""
    changed = {author.pk for author in authors}
    return [lead for lead in leads() if lead.pk not in changed]


def second_person_refusal(*, user, live: Release | None) -> str | None:
    """Why `user` may not publish the draft alone, or None when they may."""
    if user is None:
        return None  # the shipped fixtures, loaded by `load_knowledge`
    authors = draft_authors(live)
    if user.pk not in {author.pk for author in authors}:
        return None
    others = independent_leads(authors)
    if others:
        names = ", ".join(display_name(lead) for lead in others)
        return (
            "You changed this draft, so another clinical lead must check it and publish it. "
            f"Ask one of: {names}."
        )
    if settings.SINGLE_CLINICIAN:
        return None
    return (
        "You changed this draft, and there is no other clinical lead who did not change it to check "
        "it and publish it. An administrator can add one (manage.py create_clinician NAME --role "
        "lead); a site with only one clinician can turn on SINGLE_CLINICIAN."
    )
