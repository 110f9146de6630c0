"""Previewing the draft: a clinician takes the public questionnaire as the draft knowledge would make
it, before it is published. Nothing of a preview is saved, and its answers live under their own
session key, so a preview never mixes with a real journey.

Only the session of a signed-in clinician previews: the session's flag alone is not enough, so a
flag left behind by an account that has lost its role, or put there any other way, does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext as _

from triage import engine
from triage.knowledge.draft import build_knowledge
from triage.knowledge.localise import localised
from triage.knowledge.published import get_knowledge
from triage.questionnaire.actions import distinct_actions, emergency_signs
from triage.questionnaire.journey import PREVIEW_SESSION_KEY
from triage.questionnaire.results import result_data, urgency_display
from triage.regions import fill_data
from triage.web.region import language_of, region_of, region_words

PREVIEW_KEY = "draft_preview"
# Whoever may look at the draft's questions in the admin may see the questionnaire they make.
PREVIEW_PERMISSION = "triage.view_question"


def may_preview(user) -> bool:
    """Staff with a clinical role (or a superuser): the people who can read the draft already."""
    return bool(user and user.is_active and user.is_staff and user.has_perm(PREVIEW_PERMISSION))


def is_previewing(request: HttpRequest) -> bool:
    """Whether this request shows the draft; decided once per request."""
    memo = vars(request)  # kept on the request itself: HttpRequest declares no such attribute
    if "_draft_preview" not in memo:
        session = getattr(request, "session", None)
        # The flag comes first: a public request without it never loads the user.
        flagged = session is not None and session.get(PREVIEW_KEY) is True
        memo["_draft_preview"] = flagged and may_preview(getattr(request, "user", None))
    return memo["_draft_preview"]


def start_preview(request: HttpRequest) -> None:
    """Turn preview on, with a fresh set of preview answers; a real journey is left as it is."""
    request.session[PREVIEW_KEY] = True
    request.session.pop(PREVIEW_SESSION_KEY, None)
    vars(request)["_draft_preview"] = may_preview(request.user)


def stop_preview(request: HttpRequest) -> None:
    request.session.pop(PREVIEW_KEY, None)
    request.session.pop(PREVIEW_SESSION_KEY, None)
    vars(request)["_draft_preview"] = False


def draft_knowledge(request: HttpRequest) -> engine.Knowledge:
    """The draft, built at most once per request however often the request asks.

    Not kept between requests: the draft's fingerprint is worked out from the built knowledge, so
    it cannot say cheaply whether a cached copy is still the draft, and a clinician who has just
    saved an edit must see it.
    """
    memo = vars(request)
    if "_draft_knowledge" not in memo:
        memo["_draft_knowledge"] = build_knowledge()
    return memo["_draft_knowledge"]


def base_knowledge_for(request: HttpRequest) -> engine.Knowledge:
    """The knowledge a questionnaire runs on, as clinicians wrote it (placeholders and all): the draft
    in a preview, else the published release (which raises KnowledgeNotPublished before the first
    release). Assessments are saved from this one and filled for whoever reads them.

    Looked up once per request: saving an assessment asks again after the page has."""
    memo = vars(request)
    if "_base_knowledge" not in memo:
        memo["_base_knowledge"] = draft_knowledge(request) if is_previewing(request) else get_knowledge()
    return memo["_base_knowledge"]


def knowledge_for(request: HttpRequest) -> engine.Knowledge:
    """The knowledge a questionnaire page shows: the same, with the person's region's numbers and
    services in its texts."""
    return localised(base_knowledge_for(request), region=region_of(request), language=language_of(request))


def preview_context(request: HttpRequest) -> dict:
    """Context processor: `preview` is true on every page of a previewing session, for the banner."""
    return {"preview": is_previewing(request) if request is not None else False}


@dataclass(frozen=True)
class NothingSaved:
    """Stands in for a saved assessment on the results page of a preview: there is none, so there
    is no reference, no release and no address to print, download or share."""

    pk: None = None
    reference: str = ""
    reference_display: str = ""
    release: None = None


def preview_results_context(
    request: HttpRequest, answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge
) -> dict:
    """The public results page's context for these answers against this knowledge, worked out now
    from the engine and saved nowhere, in the request's region."""
    region, language = region_of(request), language_of(request)
    answers = engine.clean_answers(answers, knowledge)
    result = fill_data(result_data(engine.assess(answers, knowledge), answers, knowledge), region, language)
    urgency = urgency_display(result["urgency"], region, language)
    return {
        **region_words(region, language),
        "assessment": NothingSaved(),
        "results_url": "",
        "result": result,
        "page_title": _("Your results (preview of the draft)"),
        "urgency": urgency,
        "actions": distinct_actions(result.get("red_flags", []), result["urgency"], urgency["title"]),
        "emergency_signs": emergency_signs(result.get("red_flags", [])),
        # The banner says it is a preview; the page itself leaves out what only a saved result has.
        "preview": True,
        "draft_result": True,
    }
