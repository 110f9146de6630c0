"""Refuses, before any view or middleware acts on it, a request body that is oversized or overfull,
and request text that no database query can take."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    ValidationError,
)
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve
from django.utils.datastructures import MultiValueDict

# The longest name or value a query string may carry. No page takes more than a few words there; an
# admin search runs one condition per word, and a thousand are deeper than SQLite's expression limit.
MAX_QUERY_TEXT = 1000


class RequestBodyLimitMiddleware:
    """Django checks DATA_UPLOAD_MAX_MEMORY_SIZE and DATA_UPLOAD_MAX_NUMBER_FIELDS only when something
    reads the form; views that never do (the check page's confirm, restart) would otherwise act on any
    body. Reading the form here applies both limits to every POST (a 400 page when exceeded).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw)
        except ValueError:
            raise SuspiciousOperation("The request's Content-Length is not a number.") from None
        # Clinicians upload scenario files in the admin; Django still caps the non-file part there.
        admin = request.path.startswith("/admin/")
        limit = settings.ADMIN_UPLOAD_MAX_SIZE if admin else settings.PUBLIC_MAX_MEMORY_SIZE
        if length > limit:
            raise RequestDataTooBig("The request body is larger than this address accepts.")
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 - parsing raises TooManyFieldsSent, a 400, when there are too many
            except (BadRequest, SuspiciousOperation, MultiPartParserError) as error:
                # A body that cannot be read (a charset other than UTF-8, a broken multipart body) is
                # refused once, here: the 400 page's CSRF check reads request.POST again, and must find
                # it empty rather than fail a second time inside the error view. (Django's own
                # attributes behind request.POST and FILES, which django-stubs does not declare.)
                request._post, request._files = QueryDict(), MultiValueDict()  # type: ignore[attr-defined]
                if isinstance(error, MultiPartParserError):
                    raise BadRequest("The request body could not be read.") from None
                raise
            # Django's own limit is the admin's (see settings); a public page gets far fewer fields.
            if not admin and sum(len(values) for _name, values in request.POST.lists()) > (
                settings.PUBLIC_MAX_NUMBER_FIELDS
            ):
                request._post, request._files = QueryDict(), MultiValueDict()  # type: ignore[attr-defined]
                raise TooManyFieldsSent("The request has more fields than this address accepts.")
        return self.get_response(request)


class RequestTextMiddleware:
    """Refuses with a 400, before a view puts it in a query, request text that no query can take:

    - a NUL in the query string (`?urgency=%00`): PostgreSQL text cannot hold one, so an admin list
      filter, a search or an autocomplete with one failed with a DataError, a 500;
    - a query-string name or value over MAX_QUERY_TEXT characters;
    - ids ticked for an admin action that are not ids of that list's model: Django's admin filters
      by them as sent, a ValueError (a 500) on every database.

    Form fields need nothing here: Django's form fields refuse a NUL, a text over its length and a
    choice not offered with a form error. The session cookie is the session store's to check
    (triage/web/sessions.py), as it must be read as an empty session, not refused.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name, values in request.GET.lists():
            for text in (name, *values):
                if "\x00" in text or len(text) > MAX_QUERY_TEXT:
                    raise BadRequest("The query string holds a NUL or an over-long text.")
        if request.method == "POST" and ACTION_CHECKBOX_NAME in request.POST:
            check_action_ids(request)
        return self.get_response(request)


def check_action_ids(request: HttpRequest) -> None:
    """Each id ticked on an admin list is one its model's primary key can hold."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return
    # Django's admin marks each model admin's own views with it (ModelAdmin.get_urls).
    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None:
        return
    key = model_admin.model._meta.pk
    for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
        try:
            key.run_validators(key.to_python(value))
        except ValidationError:
            raise BadRequest("An admin action was asked for on something that is not an id.") from None
