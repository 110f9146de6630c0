"""Views glue the request, the journey, the forms, the engine and the templates together.

Every view serves both a full page and, for HTMX requests, just the page's `content` partial, so the
questionnaire works the same with and without JavaScript.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from triage import engine, medicines
from triage.models import Assessment
from triage.questionnaire.assessments import assessment_create
from triage.questionnaire.chrome import step_heading
from triage.questionnaire.forms import SHOWN_FIELD, StepForm, step_initial
from triage.questionnaire.journey import Journey, start_again, step_count, step_url
from triage.questionnaire.medicine_finder import (
    ADD_FIELD,
    MEDICINE_FIELD,
    QUERY_FIELD,
    TYPED_FIELD,
    finder_context,
)
from triage.questionnaire.pages import (
    ask_for_region,
    current_language,
    needs_published_knowledge,
    needs_region,
    render_page,
)
from triage.questionnaire.preview import (
    base_knowledge_for,
    draft_knowledge,
    is_previewing,
    knowledge_for,
    preview_results_context,
    stop_preview,
)
from triage.questionnaire.results import (
    answers_data,
    medicines_named_rows,
    urgency_display,
)
from triage.questionnaire.submission import (
    SUBMISSION_FIELD,
    new_submission_id,
    posted_submission_id,
)
from triage.vocabulary import Urgency
from triage.web.messages import info_once
from triage.web.ratelimit import check_assessment_rate, check_daily_cap, count_daily_submission
from triage.web.region import chosen_region, language_of, region_of

# Tries to find a reference no other assessment has: a clash is already rare (see triage/reference.py).


def get_step(knowledge: engine.Knowledge, code: str) -> engine.StepInfo:
    step = knowledge.step(code)
    if step is None:
        raise Http404(_("There is no such step in the questionnaire."))
    return step


def live_flags(answers: dict, knowledge: engine.Knowledge) -> tuple[engine.FiredFlag, ...]:
    return engine.fired_red_flags(engine.given_findings(answers, knowledge), knowledge)


def is_emergency(flags: tuple[engine.FiredFlag, ...]) -> bool:
    return any(f.red_flag.urgency == Urgency.EMERGENCY for f in flags)


def flags_context(request: HttpRequest, flags: tuple[engine.FiredFlag, ...]) -> dict:
    """An emergency warning takes over the step (its own panel, no Continue). The other warnings
    make one card, never several that disagree: the highest level so far, in the words the results
    will use for it (which can only be as high or higher), with the signs that set it."""
    others = [f for f in flags if f.red_flag.urgency != Urgency.EMERGENCY]
    context: dict[str, object] = {
        "emergency_flags": [f for f in flags if f.red_flag.urgency == Urgency.EMERGENCY]
    }
    if others:
        level = engine.most_urgent(f.red_flag.urgency for f in others)
        context["live_level"] = urgency_display(level, region_of(request), language_of(request))
        context["flags"] = [f for f in others if f.red_flag.urgency == level]
    return context


def send_on(request: HttpRequest, journey: Journey) -> HttpResponse:
    """Redirect someone who opened a page too early to where the journey says, telling them why."""
    detour = journey.detour()
    if detour.message:
        info_once(request, detour.message)
    return redirect(detour.url)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if chosen_region(request) is None:
        # The first screen: where the person is, before anything else.
        return ask_for_region(request, welcome=True)
    return start_page(request)


@needs_published_knowledge
def start_page(request: HttpRequest) -> HttpResponse:
    knowledge = knowledge_for(request)
    context = {
        "first_step": knowledge.steps[0] if knowledge.steps else None,
        "step_count": step_count(knowledge),
        "page_title": "",
    }
    return render_page(request, "triage/start.html", context)


@require_http_methods(["GET", "POST"])
@needs_region
@needs_published_knowledge
def step(request: HttpRequest, code: str) -> HttpResponse:
    knowledge = knowledge_for(request)
    current = get_step(knowledge, code)
    journey = Journey(request.session, knowledge, preview=is_previewing(request))
    if not journey.may_open(current):
        return send_on(request, journey)

    earlier = journey.answers_before(current)
    earlier_given = journey.given_before(current)
    returning_to_check = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    if request.method == "POST":
        form = StepForm(current, knowledge, earlier, data=request.POST, earlier_given=earlier_given)
        if form.finder_action:
            # Search, or a name added as typed, without JavaScript: the step again, nothing saved.
            form = form.as_finder_page()
        elif form.is_valid():
            journey.record(current, form.answers(), form.named())
            if is_emergency(engine.fired_red_flags(journey.given, knowledge)):
                # An emergency answer goes straight to the emergency advice.
                return finish(request, journey)
            return redirect(journey.next_url(current, returning_to_check))
        else:
            ticked = form.ticked()
            if is_emergency(live_flags({**earlier, **ticked}, knowledge)):
                # The emergency panel's button: the advice comes first, before any question left
                # unanswered on this step.
                journey.record(current, ticked)
                return finish(request, journey)
    else:
        initial = step_initial(journey.step_answers(current), journey.named, request.GET.get(QUERY_FIELD, ""))
        form = StepForm(current, knowledge, earlier, initial=initial, earlier_given=earlier_given)

    if form.is_bound:
        own = form.answers() if form.is_valid() else journey.step_answers(current)
    else:
        own = form.ticked()
    if own == journey.step_answers(current):
        # The step's answers as saved: cleaned with the rest of the journey's, once per request.
        given_now = journey.given_through(current)
    else:
        given_now = engine.given_findings({**earlier, **own}, knowledge)
    place = journey.place(current)
    context = {
        **place,
        **step_heading(place),
        "form": form,
        **flags_context(request, engine.fired_red_flags(given_now, knowledge)),
        "returning_to_check": returning_to_check,
        "page_title": step_title(current, knowledge, form),
        "shown_field": SHOWN_FIELD,
        **submission_context(),
    }
    response = render_page(request, "triage/step.html", context)
    if request.method == "POST" and getattr(request, "htmx", None):
        # A re-shown form (errors, or a follow-up question) keeps the same address in history.
        push_url(response, False)
    return response


def submission_context() -> dict:
    """A new one-time id for a form that can finish the questionnaire (triage/questionnaire/submission.py)."""
    return {"submission_field": SUBMISSION_FIELD, "submission_id": new_submission_id()}


def step_title(current: engine.StepInfo, knowledge: engine.Knowledge, form: StepForm) -> str:
    title = _("%(title)s (step %(number)d of %(count)d)") % {
        "title": current.title,
        "number": knowledge.step_index(current.code) + 1,
        "count": len(knowledge.steps) + 1,
    }
    if form.is_bound and form.field_errors:
        return _("Error: %(title)s") % {"title": title}
    return title


@require_POST
@needs_region
@needs_published_knowledge
def step_check(request: HttpRequest, code: str) -> HttpResponse:
    """HTMX: warnings and follow-up questions for the answers ticked so far. Nothing is stored."""
    knowledge = knowledge_for(request)
    current = get_step(knowledge, code)
    if not getattr(request, "htmx", None):
        return redirect("triage:step", code=current.code)
    journey = Journey(request.session, knowledge, preview=is_previewing(request))
    earlier = journey.answers_before(current)
    form = StepForm(
        current, knowledge, earlier, data=request.POST, earlier_given=journey.given_before(current)
    )
    ticked = form.ticked()
    shown = set(request.POST.getlist(SHOWN_FIELD))
    visible = {q.code for q in form.questions}
    toggled = [
        {"question": q, "field": form[q.code] if q.code in visible else None}
        for q in current.questions
        if (q.show_when or q.hide_when) and (q.code in visible) != (q.code in shown)
    ]
    context = {
        "step": current,
        **flags_context(request, live_flags({**earlier, **ticked}, knowledge)),
        "form": form,
        "toggled": toggled,
        # The Continue button comes back (or goes) with the live check, saying what it said.
        "returning_to_check": request.POST.get("change") == "1",
        "shown_field": SHOWN_FIELD,
    }
    response = render(request, "triage/_live.html", context)
    add_never_cache_headers(response)
    return response


@require_GET
@needs_published_knowledge
def medicine_search(request: HttpRequest, code: str) -> HttpResponse:
    """HTMX: the medicines whose names hold what was typed, to tick, with the medicines named so
    far; or a name added as typed. Nothing is stored: what is ticked lives in the step's form.
    Without JavaScript the step page itself shows the matches."""
    knowledge = knowledge_for(request)
    current = get_step(knowledge, code)
    if not any(q.code == medicines.MEDICINES_QUESTION for q in current.questions) or not knowledge.medicines:
        raise Http404(_("There is no such step in the questionnaire."))
    query = " ".join(request.GET.get(QUERY_FIELD, "").split())[: medicines.MAX_QUERY]
    if not getattr(request, "htmx", None):
        return redirect(f"{step_url(current)}?{urlencode({QUERY_FIELD: query})}")
    typed = request.GET.getlist(TYPED_FIELD)
    added = medicines.typed_name(request.GET.get(ADD_FIELD, ""))
    kept = medicines.typed_names([*typed, added]) if added else medicines.typed_names(typed)
    context = finder_context(
        knowledge,
        step_code=current.code,
        picked=medicines.known(request.GET.getlist(MEDICINE_FIELD), knowledge),
        typed=kept,
        # A name just added empties the search.
        query="" if added else query,
        region_code=region_of(request).code,
        added=added if added in kept else "",
    )
    response = render(request, "triage/_medicine_search.html", context)
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
@needs_region
@needs_published_knowledge
def check(request: HttpRequest) -> HttpResponse:
    knowledge = knowledge_for(request)
    if not knowledge.steps:
        return redirect("triage:start")
    journey = Journey(request.session, knowledge, preview=is_previewing(request))
    if not journey.is_complete:
        return send_on(request, journey)
    if request.method == "POST":
        return finish(request, journey)
    context = {
        "answers": with_medicines_named(
            answers_data(journey.answers, knowledge, for_the_person=True),
            medicines.saved(journey.named.get("picked", []), journey.named.get("typed", []), knowledge),
        ),
        "step_count": step_count(knowledge),
        "page_title": _("Check your answers"),
        "back_url": step_url(knowledge.steps[-1]),
        **submission_context(),
    }
    return render_page(request, "triage/check.html", context)


def with_medicines_named(sections: list[dict], named: dict) -> list[dict]:
    """The check page's answers with the medicines named, under the medicines question."""
    lines = medicines_named_rows(named, current_language())
    for section in sections:
        codes = [row["code"] for row in section["questions"]]
        if medicines.MEDICINES_QUESTION in codes:
            at = codes.index(medicines.MEDICINES_QUESTION) + 1
            section["questions"][at:at] = lines
            break
    return sections


def finish(request: HttpRequest, journey: Journey) -> HttpResponseRedirect:
    """To the results: saved as an assessment, or in a preview of the draft worked out afresh on
    their own page and saved nowhere."""
    if journey.preview:
        return redirect("triage:preview_results")
    return redirect(save_assessment(request, journey).get_absolute_url())


def save_assessment(request: HttpRequest, journey: Journey) -> Assessment:
    """The request's part of saving: the limits, who is submitting (the form's own id, else the
    session) and the region; the assessment itself is made by the service (assessment_create)."""
    knowledge = base_knowledge_for(request)
    check_assessment_rate(request)
    check_daily_cap(request)
    submission = posted_submission_id(request.POST)
    if submission is not None:
        # The form's own id, with or without a session: twenty clicks on the first step's emergency
        # answer, none with a session cookie, each make a session of their own.
        submitter = f"form:{submission}"
    else:
        if request.session.session_key is None:
            request.session.save()
        session_key = request.session.session_key
        assert session_key is not None  # save() gave the session its key
        submitter = session_key
    assessment, created = assessment_create(
        answers=journey.answers,
        knowledge=knowledge,
        submitter=submitter,
        language=current_language(),
        region_code=region_of(request).code,
        medicines_named=medicines.saved(
            journey.named.get("picked", []), journey.named.get("typed", []), knowledge
        ),
    )
    if created:
        count_daily_submission(request)
    journey.finish(str(assessment.pk))
    return assessment


@require_GET
@needs_region
def preview_results(request: HttpRequest) -> HttpResponse:
    """The results of a preview, from the preview's answers against the draft as it is now."""
    if not is_previewing(request):
        raise Http404(_("There are no results to show here."))
    knowledge = draft_knowledge(request)
    journey = Journey(request.session, knowledge, preview=True)
    # An emergency answer ends the questionnaire early, as it does for the public.
    if not journey.started or not (
        journey.is_complete or is_emergency(engine.fired_red_flags(journey.given, knowledge))
    ):
        return send_on(request, journey)
    response = render_page(
        request, "triage/results.html", preview_results_context(request, journey.answers, knowledge)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def stop(request: HttpRequest) -> HttpResponseRedirect:
    """Ends a preview. Anyone may ask: it only forgets the preview, never a real journey."""
    staff = request.user.is_staff
    stop_preview(request)
    return redirect("admin:index" if staff else "triage:start")


@require_POST
def restart(request: HttpRequest) -> HttpResponseRedirect:
    start_again(request.session, preview=is_previewing(request))
    info_once(request, _("Your answers have been cleared."))
    return redirect("triage:start")
