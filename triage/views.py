"""Views glue the request, the session progress, the forms, the engine and the templates together.

Every view serves both a full page and, for HTMX requests, just the page's `content` partial, so the
questionnaire works the same with and without JavaScript.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import push_url

from triage import engine
from triage.forms import SHOWN_FIELD, StepForm
from triage.knowledge import KnowledgeNotPublished, get_knowledge
from triage.models import Assessment, Release
from triage.progress import LAST_ASSESSMENT_KEY, Progress
from triage.results import answers_data, result_data, urgency_display
from triage.submission import submission_key
from triage.web.messages import info_once
from triage.web.ratelimit import check_assessment_rate


def render_page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """The whole page, or only its content partial when HTMX swaps it in place."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        template = f"{template}#content"
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    # Pages show health answers: never keep them in shared or browser caches.
    add_never_cache_headers(response)
    return response


def needs_published_knowledge(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Before the first knowledge release, questionnaire pages say so calmly instead of failing."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except KnowledgeNotPublished:
            context = {"page_title": _("Not available yet")}
            response = render_page(request, "triage/not_available.html", context, status=503)
            response["Retry-After"] = "3600"
            return response

    return wrapper


def get_step(knowledge: engine.Knowledge, code: str) -> engine.StepInfo:
    step = knowledge.step(code)
    if step is None:
        raise Http404(_("There is no such step in the questionnaire."))
    return step


def step_url(step: engine.StepInfo) -> str:
    return reverse("triage:step", args=[step.code])


def progress_context(step: engine.StepInfo, knowledge: engine.Knowledge) -> dict:
    index = knowledge.step_index(step.code)
    previous = knowledge.steps[index - 1] if index > 0 else None
    return {
        "step": step,
        "step_number": index + 1,
        "step_count": len(knowledge.steps) + 1,
        "back_url": step_url(previous) if previous else reverse("triage:start"),
    }


def live_flags(answers: dict, knowledge: engine.Knowledge) -> tuple[engine.FiredFlag, ...]:
    return engine.fired_red_flags(engine.given_findings(answers, knowledge), knowledge)


@require_GET
@needs_published_knowledge
def start(request: HttpRequest) -> HttpResponse:
    knowledge = get_knowledge()
    context = {
        "first_step": knowledge.steps[0] if knowledge.steps else None,
        "step_count": len(knowledge.steps),
        "page_title": "",
    }
    return render_page(request, "triage/start.html", context)


def redirect_to_unfinished(
    request: HttpRequest, progress: Progress, knowledge: engine.Knowledge
) -> HttpResponse:
    last = request.session.get(LAST_ASSESSMENT_KEY)
    if not progress.started and last:
        info_once(
            request,
            _(
                "You have already finished the questionnaire, so here are your results. To answer it "
                "again, choose ‘Start a new questionnaire’."
            ),
        )
        return redirect("triage:results", pk=last)
    if not progress.started:
        info_once(
            request,
            _(
                "We could not find your earlier answers. For your privacy they are kept for a few hours "
                "only. Please start from the beginning."
            ),
        )
        return redirect("triage:step", code=knowledge.steps[0].code)
    step = progress.first_unfinished(knowledge)
    if step is None:
        return redirect("triage:check")
    info_once(request, _("Please answer this step first."))
    return redirect("triage:step", code=step.code)


@require_http_methods(["GET", "POST"])
@needs_published_knowledge
def step(request: HttpRequest, code: str) -> HttpResponse:
    knowledge = get_knowledge()
    current = get_step(knowledge, code)
    progress = Progress(request.session)
    first = knowledge.steps[0]
    if current.code != first.code and not progress.can_open(current, knowledge):
        return redirect_to_unfinished(request, progress, knowledge)

    earlier = progress.answers_before(current, knowledge)
    returning_to_check = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    if request.method == "POST":
        form = StepForm(current, knowledge, earlier, data=request.POST)
        if form.is_valid():
            progress.record(current, form.answers(), knowledge)
            flags = live_flags(progress.answers, knowledge)
            if any(f.red_flag.urgency == "emergency" for f in flags):
                # An emergency answer goes straight to the emergency advice.
                return redirect(save_assessment(request, progress, knowledge).get_absolute_url())
            return redirect(after_step(current, progress, knowledge, returning_to_check))
    else:
        form = StepForm(current, knowledge, earlier, initial=progress.step_answers(current))

    own = form.answers() if form.is_bound and form.is_valid() else progress.step_answers(current)
    answers_now = {**earlier, **own}
    context = {
        **progress_context(current, knowledge),
        "form": form,
        "flags": live_flags(answers_now, knowledge),
        "returning_to_check": returning_to_check,
        "page_title": step_title(current, knowledge, form),
        "shown_field": SHOWN_FIELD,
    }
    response = render_page(request, "triage/step.html", context)
    if request.method == "POST" and getattr(request, "htmx", None):
        # A re-shown form (errors, or a follow-up question) keeps the same address in history.
        push_url(response, False)
    return response


def after_step(
    current: engine.StepInfo, progress: Progress, knowledge: engine.Knowledge, returning_to_check: bool
) -> str:
    """Where Continue leads: the next step in order, or back to the check page after a change.

    A step left unanswered comes first, including one where a changed answer revealed a new question.
    """
    unfinished = progress.first_unfinished(knowledge)
    if returning_to_check:
        return reverse("triage:check") if unfinished is None else step_url(unfinished)
    index = knowledge.step_index(current.code)
    if unfinished is not None and knowledge.step_index(unfinished.code) <= index:
        return step_url(unfinished)
    if index + 1 < len(knowledge.steps):
        return step_url(knowledge.steps[index + 1])
    return reverse("triage:check")


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
@needs_published_knowledge
def step_check(request: HttpRequest, code: str) -> HttpResponse:
    """HTMX: warnings and follow-up questions for the answers ticked so far. Nothing is stored."""
    knowledge = get_knowledge()
    current = get_step(knowledge, code)
    progress = Progress(request.session)
    if not getattr(request, "htmx", None):
        return redirect("triage:step", code=current.code)
    earlier = progress.answers_before(current, knowledge)
    form = StepForm(current, knowledge, earlier, data=request.POST)
    ticked = {
        q.code: [c for c in request.POST.getlist(q.code) if c in q.option_codes] for q in current.questions
    }
    shown = set(request.POST.getlist(SHOWN_FIELD))
    visible = {q.code for q in form.questions}
    toggled = [
        {"question": q, "field": form[q.code] if q.code in visible else None}
        for q in current.questions
        if q.show_when and (q.code in visible) != (q.code in shown)
    ]
    context = {
        "step": current,
        "flags": live_flags({**earlier, **ticked}, knowledge),
        "form": form,
        "toggled": toggled,
        "shown_field": SHOWN_FIELD,
    }
    response = render(request, "triage/_live.html", context)
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
@needs_published_knowledge
def check(request: HttpRequest) -> HttpResponse:
    knowledge = get_knowledge()
    progress = Progress(request.session)
    if not knowledge.steps:
        return redirect("triage:start")
    if not progress.is_complete(knowledge) or not progress.started:
        return redirect_to_unfinished(request, progress, knowledge)
    if request.method == "POST":
        return redirect(save_assessment(request, progress, knowledge).get_absolute_url())
    context = {
        "answers": answers_data(progress.answers, knowledge),
        # The check page is the last step of the count.
        "step_count": len(knowledge.steps) + 1,
        "page_title": _("Check your answers"),
        "back_url": step_url(knowledge.steps[-1]),
    }
    return render_page(request, "triage/check.html", context)


def save_assessment(request: HttpRequest, progress: Progress, knowledge: engine.Knowledge) -> Assessment:
    answers = engine.clean_answers(progress.answers, knowledge)
    outcome = engine.assess(answers, knowledge)
    check_assessment_rate(request)
    if request.session.session_key is None:
        # An emergency answered on the first post of a new session: its key names the submission.
        request.session.save()
    key = submission_key(request.session.session_key, knowledge.revision, answers)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                answers={code: list(codes) for code, codes in answers.items()},
                result=result_data(outcome, answers, knowledge),
                urgency=outcome.urgency,
                knowledge_revision=knowledge.revision,
                # The published knowledge's revision is its release's version.
                release=Release.objects.filter(version=knowledge.revision).first(),
                submission_key=key,
            )
    except IntegrityError:
        # The same submission, saved already (a replay) or at this moment by a parallel request,
        # whose transaction the unique key made this one wait for.
        assessment = Assessment.objects.filter(submission_key=key).first()
        if assessment is None:
            raise
    progress.clear()
    request.session[LAST_ASSESSMENT_KEY] = str(assessment.pk)
    return assessment


def get_assessment(pk: str) -> Assessment:
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        raise Http404(_("These results do not exist.")) from None
    if str(key) != pk:
        # Only the form the site links to: upper case, braces or urn:uuid: are other addresses.
        raise Http404(_("These results do not exist."))
    try:
        # The results pages show the saved result and the release's version and date: decoding the
        # release's whole knowledge snapshot, or the raw answers, was most of their time.
        return Assessment.objects.select_related("release").defer("answers", "release__snapshot").get(pk=key)
    except Assessment.DoesNotExist:
        raise Http404(
            _("These results do not exist. They may have been deleted after the time we keep them.")
        ) from None


def results_context(assessment: Assessment) -> dict:
    result = assessment.result
    return {
        "assessment": assessment,
        "result": result,
        "page_title": _("Your results"),
        "urgency": urgency_display(result["urgency"]),
    }


@require_GET
def results(request: HttpRequest, pk: str) -> HttpResponse:
    response = render_page(request, "triage/results.html", results_context(get_assessment(pk)))
    # A person's result is health information: search engines must never list it, even if its
    # address leaks.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def results_print(request: HttpRequest, pk: str) -> HttpResponse:
    response = render(request, "triage/print.html", results_context(get_assessment(pk)))
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
def restart(request: HttpRequest) -> HttpResponseRedirect:
    Progress(request.session).clear()
    info_once(request, _("Your answers have been cleared."))
    return redirect("triage:start")


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database answers a query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    else:
        response = JsonResponse({"status": "ok", "database": "ok"})
    add_never_cache_headers(response)
    return response


@require_GET
def health_live(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers, without touching the database (also the benchmark's baseline)."""
    response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response
