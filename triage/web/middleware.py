"""Refuses an oversized or overfull request body before any view or middleware acts on it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict


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
                # it empty rather than fail a second time inside the error view.
                request._post, request._files = QueryDict(), MultiValueDict()
                if isinstance(error, MultiPartParserError):
                    raise BadRequest("The request body could not be read.") from None
                raise
            # Django's own limit is the admin's (see settings); a public page gets far fewer fields.
            if not admin and sum(len(values) for _name, values in request.POST.lists()) > (
                settings.PUBLIC_MAX_NUMBER_FIELDS
            ):
                request._post, request._files = QueryDict(), MultiValueDict()
                raise TooManyFieldsSent("The request has more fields than this address accepts.")
        return self.get_response(request)
