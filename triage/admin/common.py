"""What the clinical admin pages share: refusing a page with a word on who may open it, read-only
records, the draft banner's figures, and the base of the custom pages that model admins delegate
to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest, HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views import View

from triage.knowledge.releases import DraftStatus, draft_status

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class NotAllowed(Exception):
    """The signed-in clinician's role does not allow this page; the message says who can."""


def require_perm(request: HttpRequest, permission: str, message: StrOrPromise) -> None:
    if not request.user.has_perm(permission):
        raise NotAllowed(message)


def link_list(objects) -> StrOrPromise:
    items = [(reverse(f"admin:triage_{o._meta.model_name}_change", args=[o.pk]), o) for o in objects]
    if not items:
        return _("Nothing")
    return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', items))


def draft_banner(request: HttpRequest) -> DraftStatus:
    """The draft banner's figures, worked out once per request however many times a page asks."""
    memo = vars(request)  # kept on the request itself: HttpRequest declares no such attribute
    if "draft_status" not in memo:
        memo["draft_status"] = draft_status()
    return memo["draft_status"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A permanent record: everyone with access may look, nobody may add, change or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ClinicalPage(View):
    """A custom admin page that a model admin delegates to, as Django's autocomplete view does:
    `PublishPage.as_view(model_admin=self)`. A refusal gets an admin-styled 403 page that says which
    role is needed, rather than the public site's generic error page."""

    # Always given by as_view(model_admin=...); None only so that as_view accepts the name.
    model_admin: admin.ModelAdmin = None  # type: ignore[assignment]
    template_name = ""
    title: StrOrPromise = ""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except NotAllowed as refusal:
            context = {"title": _("You cannot open this page"), "reason": str(refusal)}
            return self.render(request, context, template="admin/triage/not_allowed.html", status=403)

    def render(self, request: HttpRequest, context: dict, *, template: str = "", status: int = 200):
        site = self.model_admin.admin_site if self.model_admin else admin.site
        base = {**site.each_context(request), "title": self.title}
        if status < 400:
            base["draft_status"] = draft_banner(request)
        if self.model_admin is not None:
            base["opts"] = self.model_admin.model._meta
        return TemplateResponse(request, template or self.template_name, {**base, **context}, status=status)
