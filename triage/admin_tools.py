"""Clinical tools in the admin that are not a single model's page: the knowledge check."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from triage.knowledge_check import find_problems


@require_GET
def knowledge_check(request: HttpRequest) -> HttpResponse:
    problems = find_problems()
    errors = sum(1 for p in problems if p.is_error)
    context = {
        **admin.site.each_context(request),
        "title": _("Knowledge check"),
        "problems": problems,
        "errors": errors,
        "warnings": len(problems) - errors,
    }
    return render(request, "admin/triage/knowledge_check.html", context)


app_name = "triage_admin"

# Staff only: admin_view sends anyone else to the admin sign-in page.
urlpatterns = [
    path("knowledge-check/", admin.site.admin_view(knowledge_check), name="knowledge_check"),
]
