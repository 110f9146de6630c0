"""Knowledge releases in the admin: a permanent record of what the public saw and when, with the
publish and roll-back pages delegated to `triage.admin.publishing`, the changes waiting and fixtures
pages to `triage.admin.views`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import Subquery
from django.http import HttpRequest
from django.urls import path
from django.utils.translation import gettext_lazy as _

from triage.admin.common import ReadOnlyAdmin, draft_banner
from triage.admin.publishing import ApproveDraft, PublishPage, RollbackPage
from triage.admin.safety import SafetyCasePdf
from triage.admin.views import ChangesWaitingPage, FixturesDownload
from triage.knowledge.releases import PUBLISH_PERMISSION, latest_release, release_changes
from triage.models import Release

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import StrOrPromise, WithAnnotations

    class LatestVersion(TypedDict):  # what get_queryset annotates each release with
        latest_version: int


@admin.register(Release)
class ReleaseAdmin(ReadOnlyAdmin):
    """View only, for everyone."""

    list_display = ["version_label", "published_at", "publisher", "note", "rolled_back_from", "is_live"]
    list_display_links = ["version_label"]
    search_fields = ["note"]
    date_hierarchy = "published_at"
    # A tuple: the stubs type the two lists differently, and a tuple of names fits both.
    fields = readonly_fields = (
        "version_label",
        "published_at",
        "publisher",
        "note",
        "rolled_back_from",
        "contents",
    )

    def get_queryset(self, request: HttpRequest):
        latest = Release.objects.order_by("-version").values("version")[:1]
        return (
            super()
            .get_queryset(request)
            .select_related("published_by", "rolled_back_from")
            .annotate(latest_version=Subquery(latest))
        )

    @admin.display(description=_("release"), ordering="version")
    def version_label(self, obj: Release) -> str:
        return f"v{obj.version}"

    @admin.display(description=_("published by"), ordering="published_by__username")
    def publisher(self, obj: Release) -> StrOrPromise:
        if obj.published_by is None:
            return _("Shipped fixtures")
        return obj.published_by.get_full_name() or obj.published_by.get_username()

    @admin.display(description=_("used by the public"))
    def is_live(self, obj: WithAnnotations[Release, LatestVersion]) -> StrOrPromise:
        return _("Yes, now") if obj.version == obj.latest_version else ""

    @admin.display(description=_("contents"))
    def contents(self, obj: Release) -> str:
        snapshot = obj.snapshot
        questions = sum(len(step["questions"]) for step in snapshot["steps"])
        return _(
            "%(steps)d steps, %(questions)d questions, %(conditions)d conditions, %(flags)d red flags"
        ) % {
            "steps": len(snapshot["steps"]),
            "questions": questions,
            "conditions": len(snapshot["conditions"]),
            "flags": len(snapshot["red_flags"]),
        }

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("publish/", view(PublishPage.as_view(model_admin=self)), name="triage_release_publish"),
            path("approve/", view(ApproveDraft.as_view(model_admin=self)), name="triage_release_approve"),
            path(
                "waiting/", view(ChangesWaitingPage.as_view(model_admin=self)), name="triage_release_waiting"
            ),
            path(
                "<int:object_id>/rollback/",
                view(RollbackPage.as_view(model_admin=self)),
                name="triage_release_rollback",
            ),
            path("export/", view(FixturesDownload.as_view(model_admin=self)), name="triage_release_export"),
            path(
                "<int:object_id>/safety-case.pdf",
                view(SafetyCasePdf.as_view(model_admin=self)),
                name="triage_release_safety_case",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        status = draft_banner(request)
        extra = {
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
            "live_release": status.live,
            # What the draft banner's "changes waiting" are; not named draft_status, as this is not
            # a page of the draft and has no banner.
            "draft": status,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra)

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        latest = latest_release()
        release = self.get_object(request, object_id)
        allowed = release is not None and self.has_view_permission(request, release)
        previous, diff = release_changes(release) if release is not None and allowed else (None, None)
        extra = {
            "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
            "is_live": latest is not None and str(latest.pk) == str(object_id),
            # What this release changed against the one before it (none before the first).
            "previous": previous,
            "diff": diff,
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)
