"""The real URLs plus views that fail on purpose, for the error-page and logging tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from django.urls import include, path


def fail(request: HttpRequest):
    # The message quotes a submitted value, as a careless error message might.
    raise ValueError(f"bad answer {request.GET.get('answer')}")


def forbid(request: HttpRequest):
    raise PermissionDenied


def refuse(request: HttpRequest):
    raise SuspiciousOperation("tampered")


urlpatterns = [
    path("fail/", fail),
    path("forbid/", forbid),
    path("refuse/", refuse),
    path("", include("triage.urls")),
]
