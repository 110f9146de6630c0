"""The pages of a saved result: the results page, the summary for the doctor (print view, its page
style and the PDF), each in the language and region asked for.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from triage import access_log
from triage.models import Assessment
from triage.questionnaire.actions import distinct_actions, emergency_signs
from triage.questionnaire.journey import Journey
from triage.questionnaire.pages import (
    ask_for_region,
    current_language,
    needs_published_knowledge,
    needs_region,
    render_page,
)
from triage.questionnaire.pdf import page_css, summary_pdf
from triage.questionnaire.pdf_store import PdfBusy, keep_pdf, pdf_slot, stored_pdf
from triage.questionnaire.preview import base_knowledge_for
from triage.questionnaire.printout import printout
from triage.questionnaire.results import filled_result, urgency_display
from triage.regions import REGIONS, Region, get_region
from triage.web.database import unavailable_response
from triage.web.kept import keep, kept_already
from triage.web.messages import info_once
from triage.web.ratelimit import check_pdf_rate
from triage.web.region import chosen_region, region_words


def assessment_key(pk: str) -> uuid.UUID:
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        raise Http404(_("These results do not exist.")) from None
    if str(key) != pk:
        # Only the form the site links to: upper case, braces or urn:uuid: are other addresses.
        raise Http404(_("These results do not exist."))
    return key


def not_found() -> Http404:
    return Http404(_("These results do not exist. They may have been deleted after the time we keep them."))


def get_assessment(pk: str, language: str | None = None) -> Assessment:
    key = assessment_key(pk)
    try:
        # The results pages show the saved result and the release's version and date: decoding the
        # release's whole knowledge snapshot, or the raw answers, was most of their time.
        # Only the result in the language asked for is read (the other is loaded if ever needed).
        unused = "result" if language not in (None, settings.LANGUAGE_CODE) else "translated_results"
        query = Assessment.objects.select_related("release").defer("answers", "release__snapshot", unused)
        return query.get(pk=key)
    except Assessment.DoesNotExist:
        raise not_found() from None


def find_assessment(pk: str) -> Assessment:
    """The saved assessment without its result or answers: enough to know it still exists (a
    deleted one is never shown from what was kept), its region, reference and address."""
    try:
        return Assessment.objects.only("id", "region", "reference").get(pk=assessment_key(pk))
    except Assessment.DoesNotExist:
        raise not_found() from None


def log_staff_access(request: HttpRequest, assessment: Assessment, what: str) -> None:
    """A signed-in clinician's view of a person's result is logged; the person's own is not."""
    address = request.META.get("REMOTE_ADDR")
    access_log.record_access(assessment, user=request.user, what=what, address=address)


def print_language(request: HttpRequest) -> str:
    """The summary for the doctor is in the person's language unless they ask for another with
    ?in= (a Taiwanese patient seeing a doctor in London prints it in English)."""
    asked = request.GET.get("in", "")
    return asked if asked in dict(settings.LANGUAGES) else current_language()


def assessment_region(request: HttpRequest, assessment: Assessment) -> Region:
    """The region a result is shown in: the one the reader chose, else the one it was taken in
    (a clinician opening the summary sees the person's numbers), else, for a region this site no
    longer has, "Elsewhere" (112 or the local number)."""
    return chosen_region(request) or get_region(assessment.region) or REGIONS["elsewhere"]


def results_context(request: HttpRequest, assessment: Assessment, language: str | None = None) -> dict:
    language = language or current_language()
    region = assessment_region(request, assessment)
    # Saved with placeholders: filled with the region's words in the language shown.
    result = filled_result(assessment, region, language)
    urgency = urgency_display(result["urgency"], region, language)
    return {
        **region_words(region, language),
        "language": language,
        # Offered beside the summary for the doctor when the page is in another language.
        "english_summary": language != settings.LANGUAGE_CODE,
        "assessment": assessment,
        "results_url": request.build_absolute_uri(assessment.get_absolute_url()),
        "result": result,
        "page_title": _("Your results"),
        "urgency": urgency,
        "actions": distinct_actions(result.get("red_flags", []), result["urgency"], urgency["title"]),
        "emergency_signs": emergency_signs(result.get("red_flags", [])),
    }


# The parts of the results page that the saved result alone decides (templates/triage/results.html).
PARTS = ("body", "end")


@require_GET
def results(request: HttpRequest, pk: str) -> HttpResponse:
    key = assessment_key(pk)
    region = chosen_region(request)
    if region is None:
        # Opened afresh (another browser, a shared link): asked like any page with a number,
        # offering the region the answers were given in.
        return ask_for_region(request, get_region(find_assessment(pk).region))
    language = current_language()
    results_url = request.build_absolute_uri(reverse("triage:results", args=[str(key)]))
    # A saved result never changes: what it alone decides, in this language and region, is rendered
    # once and kept. The page around it (messages, the form with this request's CSRF token, the
    # header) is rendered for each request. A kept copy is only served while the result exists.
    parts_key = ("results", key, language, region.code, results_url)
    parts = kept_already(parts_key)
    if parts is None:
        found: Assessment = get_assessment(pk, language)
        context = results_context(request, found, language)
        parts = {part: render_to_string(f"triage/results.html#{part}", context, request) for part in PARTS}
        keep(parts_key, parts)
    else:
        found = find_assessment(pk)
    context = {
        "assessment": found,
        "page_title": _("Your results"),
        # Rendered by the templates above (safe strings, and still so when read back from the cache).
        "kept": parts,
    }
    response = render_page(request, "triage/results.html", context)
    log_staff_access(request, found, access_log.RESULTS_PAGE)
    # A person's result is health information: search engines must never list it, even if its
    # address leaks.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def print_context(request: HttpRequest, assessment: Assessment) -> dict:
    language = print_language(request)
    context = results_context(request, assessment, language)
    # The PDF link of a summary printed in another language keeps to that language.
    query = f"?in={language}" if "in" in request.GET else ""
    return {
        **context,
        "printout": printout(context["result"], context["region"], assessment.medicines),
        "print_query": query,
    }


@require_GET
def results_print(request: HttpRequest, pk: str) -> HttpResponse:
    language = print_language(request)
    key = assessment_key(pk)
    chosen = chosen_region(request)
    # The whole summary is decided by the saved result, its language, region and ?in= (it has no
    # form and no token): rendered once and kept. Without a chosen region it is shown in the one
    # the answers were given in, which only the saved result knows.
    found: Assessment | None = None
    if chosen is None:
        found = find_assessment(pk)
        region = assessment_region(request, found)
    else:
        region = chosen
    summary_key = ("print", key, language, region.code, "in" in request.GET)
    content = kept_already(summary_key)
    if content is None:
        assessment = get_assessment(pk, language)
        with translation.override(language):
            content = render_to_string("triage/print.html", print_context(request, assessment), request)
        keep(summary_key, content)
        found = found or assessment
    elif found is None:
        found = find_assessment(pk)
    response = HttpResponse(content)
    log_staff_access(request, found, access_log.SUMMARY)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def results_page_css(request: HttpRequest, pk: str) -> HttpResponse:
    reference = get_assessment(pk, settings.LANGUAGE_CODE).reference_display
    # In the language of the summary that links to it.
    with translation.override(print_language(request)):
        response = HttpResponse(page_css(reference), content_type="text/css")
    add_never_cache_headers(response)
    return response


@require_GET
def results_pdf(request: HttpRequest, pk: str) -> HttpResponse:
    language = print_language(request)
    assessment = get_assessment(pk, language)
    # Making a PDF takes a fraction of a second of the server's time: limited like a write.
    check_pdf_rate(request)
    region = assessment_region(request, assessment).code
    content = stored_pdf(assessment, language, region)
    if content is None:
        try:
            with pdf_slot(), translation.override(language):
                content = summary_pdf(print_context(request, assessment))
        except PdfBusy:
            # Every renderer of this machine stayed busy: "try again in a moment", and the other
            # pages go on as usual.
            return unavailable_response(request)
        keep_pdf(assessment, language, region, content)
    response = HttpResponse(content, content_type="application/pdf")
    log_staff_access(request, assessment, access_log.PDF)
    name = f"twitching-summary-{assessment.reference or assessment.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_POST
@needs_region
@needs_published_knowledge
def change_answers(request: HttpRequest, pk: str) -> HttpResponse:
    """The answers of a saved result back in this browser's questionnaire, at the check page, to
    change any of them and get new results. The saved result stays as it was, at its own link:
    anyone with the link can already read these answers on the summary."""
    assessment = get_assessment(pk)
    knowledge = base_knowledge_for(request)
    journey = Journey(request.session, knowledge)
    named = assessment.medicines if isinstance(assessment.medicines, dict) else {}
    picked = [str(item.get("code", "")) for item in named.get("named", []) if isinstance(item, dict)]
    journey.resume(assessment.answers, picked, [str(name) for name in named.get("typed", [])])
    info_once(
        request,
        _(
            "Your answers are back. Change any of them, then get new results: the results you had "
            "stay as they were."
        ),
    )
    return redirect("triage:check")
