"""Publishing the draft and rolling back, in two steps each: a review page (what changes, the
scenarios, a note), then a confirmation page that shows what goes live, with a signed token. Only the
confirmation's own button publishes: a POST without a valid token (a bare POST, an old or altered
page) gets the confirmation page, never a release.

Whether it may happen at all (the note, the draft still as reviewed, the knowledge check, the
scenarios, a second person) is decided by the services in `triage.knowledge.releases`; these pages
only show what they answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _

from triage.admin.common import ClinicalPage, require_perm
from triage.admin.views import PUBLISH_REFUSAL, review_context
from triage.knowledge.approval import (
    ApprovalError,
    approvals,
    approve_draft,
    draft_authors,
    second_person_refusal,
)
from triage.knowledge.releases import (
    PUBLISH_PERMISSION,
    DraftChanged,
    PublishError,
    Review,
    ScenariosFail,
    check_publishable,
    check_rollback,
    confirmation_token,
    confirmed,
    draft_fingerprint,
    latest_release,
    publish_release,
    review_draft,
    review_rollback,
    rollback_to,
)
from triage.knowledge.roles import display_name
from triage.knowledge.translation_review import stale_translations, translation_review
from triage.models import Release

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CONFIRM_AGAIN = _("Check what goes live below, then confirm.")


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Change note"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("What changed and why, in a sentence or two. Everyone who looks at releases sees it."),
        error_messages={"required": _("Write a change note: say what changed and why.")},
    )
    draft_fingerprint = forms.CharField(widget=forms.HiddenInput)
    accept_failures = forms.BooleanField(
        label=_("I have looked at the failing scenarios and still want to publish"),
        label_suffix="",
        required=False,
    )
    # Given by the confirmation page only: its absence means "show what goes live first".
    confirmation = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, failing: int = 0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not failing:
            del self.fields["accept_failures"]

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Write a change note: say what changed and why."))
        return note


class RollbackForm(forms.Form):
    note = forms.CharField(
        label=_("Why roll back?"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("For example: 'Release v7 listed the wrong urgency for tick bites; back to v6.'"),
        error_messages={"required": _("Write a note: say why you are rolling back.")},
    )
    confirmation = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise forms.ValidationError(_("Write a note: say why you are rolling back."))
        return note


def next_version(live: Release | None) -> int:
    return (live.version if live else 0) + 1


def authors_context(review: Review, user) -> dict:
    """Who changed the draft, who approved it as it is, and whether this user may publish it (the
    service's own answer)."""
    authors = draft_authors(review.live)
    approved = approvals(review.fingerprint)
    return {
        "authors": [display_name(author) for author in authors],
        "approvals": approved,
        "approvers": [display_name(approval.approved_by) for approval in approved],
        # Approving is checking someone else's changes: offered when someone else changed the draft.
        "may_approve": not review.unchanged
        and any(author.pk != user.pk for author in authors)
        and user.pk not in {a.approved_by_id for a in approved},
        "fingerprint": review.fingerprint,
        "second_person": second_person_refusal(user=user, live=review.live, fingerprint=review.fingerprint),
    }


class ApproveDraft(ClinicalPage):
    """A clinical lead's approval of the draft as they saw it on the publish page (POST only)."""

    http_method_names = ["post", "options"]

    def post(self, request: HttpRequest) -> HttpResponse:
        require_perm(request, PUBLISH_PERMISSION, PUBLISH_REFUSAL)
        seen = request.POST.get("draft_fingerprint", "")
        try:
            approve_draft(user=request.user, fingerprint=seen, current_fingerprint=draft_fingerprint())
        except ApprovalError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "You approved the draft as it is now. A clinical lead who changed it may now publish "
                    "it; any further change needs approving again."
                ),
            )
        return redirect("admin:triage_release_publish")


class PublishPage(ClinicalPage):
    template_name = "admin/triage/release/publish.html"
    title: StrOrPromise = _("Publish the draft")

    def get(self, request: HttpRequest) -> HttpResponse:
        require_perm(request, PUBLISH_PERMISSION, PUBLISH_REFUSAL)
        review = review_draft()
        form = PublishForm(initial={"draft_fingerprint": review.fingerprint}, failing=len(review.failing))
        return self.show(request, review, form)

    def post(self, request: HttpRequest) -> HttpResponse:
        require_perm(request, PUBLISH_PERMISSION, PUBLISH_REFUSAL)
        review = review_draft()
        form = PublishForm(request.POST, failing=len(review.failing))
        if not form.is_valid():
            return self.show(request, review, form)
        data = form.cleaned_data
        gates = {
            "user": request.user,
            "note": data["note"],
            "review": review,
            "reviewed_fingerprint": data["draft_fingerprint"],
            "accept_failing_scenarios": data.get("accept_failures", False),
        }
        token: dict[str, Any] = {"action": "publish", "user": request.user, "target": review.fingerprint}
        token["note"] = data["note"]
        try:
            if not confirmed(data["confirmation"], **token):
                check_publishable(**gates)
                if data["confirmation"]:
                    messages.warning(request, CONFIRM_AGAIN)
                return self.confirm(request, review, data, confirmation_token(**token))
            release = publish_release(**gates)
        except DraftChanged as error:
            messages.warning(request, str(error))
            initial = {"note": data["note"], "draft_fingerprint": review.fingerprint}
            form = PublishForm(initial=initial, failing=len(review.failing))
        except ScenariosFail as error:
            form.add_error("accept_failures", str(error))
        except PublishError as error:
            messages.error(request, str(error))
        else:
            approved = ", ".join(display_name(a.approved_by) for a in approvals(review.fingerprint))
            log = f"Published the draft: {release.note}" + (f" Approved by: {approved}." if approved else "")
            self.model_admin.log_addition(request, release, log)
            messages.success(
                request,
                _("Published release v%(version)d. The public questionnaire uses it from now on.")
                % {"version": release.version},
            )
            return redirect("admin:triage_release_change", release.pk)
        return self.show(request, review, form)

    def show(self, request: HttpRequest, review: Review, form: PublishForm) -> HttpResponse:
        context = {**review_context(review), "form": form, "unchanged": review.unchanged}
        # Warnings only: publishing knowledge no scenario exercises is allowed, but not unnoticed.
        untested = [] if review.unchanged else review.untested_changes
        context |= {
            "problems": review.errors,
            "untested": untested,
            "control_warnings": review.control_warnings,
            "translations": translation_review(),
            "stale": stale_translations(review.live),
            **authors_context(review, request.user),
        }
        return self.render(request, context)

    def confirm(self, request: HttpRequest, review: Review, data: dict, token: str) -> HttpResponse:
        hidden = {"note": data["note"], "draft_fingerprint": review.fingerprint, "confirmation": token}
        if data.get("accept_failures"):
            hidden["accept_failures"] = "on"
        context = {
            **review_context(review),
            **authors_context(review, request.user),
            "hidden": hidden,
            "action": "publish",
            "version": next_version(review.live),
            "note": data["note"],
            "failing": len(review.failing),
            "stale": stale_translations(review.live),
            "publisher": display_name(request.user),
            "control_warnings": review.control_warnings,
        }
        self.title = _("Confirm: publish release v%(version)d") % {"version": context["version"]}
        return self.render(request, context, template="admin/triage/release/confirm.html")


class RollbackPage(ClinicalPage):
    template_name = "admin/triage/release/rollback.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
        self.target = get_object_or_404(Release, pk=kwargs["object_id"])
        self.title = _("Roll back to release v%(version)d") % {"version": self.target.version}
        return super().dispatch(request, *args, **kwargs)

    def refusal(self, request: HttpRequest) -> HttpResponse | None:
        require_perm(request, PUBLISH_PERMISSION, PUBLISH_REFUSAL)
        live = latest_release()
        if live is not None and live.pk == self.target.pk:
            messages.info(request, _("This release is already the one the public sees."))
            return redirect("admin:triage_release_change", self.target.pk)
        return None

    def get(self, request: HttpRequest, object_id: int) -> HttpResponse:
        return self.refusal(request) or self.show(request, RollbackForm())

    def post(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if refused := self.refusal(request):
            return refused
        form = RollbackForm(request.POST)
        if not form.is_valid():
            return self.show(request, form)
        note = form.cleaned_data["note"]
        live = latest_release()
        # The token names the release the public sees now too: a publish in between asks again.
        target = f"{self.target.version}:{live.version if live else 0}"
        token = {"action": "rollback", "user": request.user, "target": target, "note": note}
        try:
            if not confirmed(form.cleaned_data["confirmation"], **token):
                check_rollback(release=self.target, user=request.user, note=note)
                if form.cleaned_data["confirmation"]:
                    messages.warning(request, CONFIRM_AGAIN)
                return self.confirm(request, note, confirmation_token(**token))
            release = rollback_to(release=self.target, user=request.user, note=note)
        except PublishError as error:
            messages.error(request, str(error))
            return self.show(request, form)
        note = f"Rolled back to v{self.target.version}: {release.note}"
        self.model_admin.log_addition(request, release, note)
        messages.success(
            request,
            _(
                "Published release v%(version)d, the same knowledge as v%(old)d. The public "
                "questionnaire uses it from now on. The draft has not changed."
            )
            % {"version": release.version, "old": self.target.version},
        )
        return redirect("admin:triage_release_change", release.pk)

    def show(self, request: HttpRequest, form: RollbackForm) -> HttpResponse:
        review = review_rollback(self.target)
        return self.render(request, {**review_context(review), "form": form, "target": self.target})

    def confirm(self, request: HttpRequest, note: str, token: str) -> HttpResponse:
        review = review_rollback(self.target)
        context = {
            **review_context(review),
            "hidden": {"note": note, "confirmation": token},
            "action": "rollback",
            "target": self.target,
            "version": next_version(review.live),
            "note": note,
            "failing": len(review.failing),
            "publisher": display_name(request.user),
            "control_warnings": review.control_warnings,
        }
        self.title = _("Confirm: roll back to release v%(version)d") % {"version": self.target.version}
        return self.render(request, context, template="admin/triage/release/confirm.html")
