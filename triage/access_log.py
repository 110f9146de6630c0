"""Who opened or exported which saved assessment, and how: one entry per view or download by a
signed-in account, kept in django-auditlog's log (action "access"), which an administrator reads in
the admin under *Auditlog → Log entries*.

The person who took the questionnaire is never signed in, so opening their own results adds
nothing; a clinician (or anyone signed in) opening the same pages does.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _

from triage.models import Assessment

# How an assessment was seen, as the log says it ("what").
ADMIN_PAGE = "admin page"
RESULTS_PAGE = "results page"
SUMMARY = "summary for the doctor"
PDF = "PDF"
FHIR = "FHIR bundle"
WHAT = {
    ADMIN_PAGE: _("opened its page in the admin"),
    RESULTS_PAGE: _("opened the results page"),
    SUMMARY: _("opened the summary for the doctor"),
    PDF: _("downloaded the summary as a PDF"),
    FHIR: _("downloaded it as FHIR (JSON)"),
}


def record_access(assessment: Assessment, *, user, what: str, address: str | None = None) -> LogEntry | None:
    """Log that `user` saw `assessment` in the way `what` names; nothing for the anonymous public."""
    if what not in WHAT:
        raise ValueError(f"Unknown kind of access: {what!r}")
    if user is None or not user.is_authenticated:
        return None
    return LogEntry.objects.log_create(
        assessment,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=user,
        actor_email=user.email or None,
        changes_text=str(WHAT[what]),
        additional_data={"what": what, "reference": assessment.reference_display},
        remote_addr=address,
    )


def accesses(assessment: Assessment):
    """Every logged view or download of `assessment`, newest first."""
    entries = LogEntry.objects.get_for_object(assessment).filter(action=LogEntry.Action.ACCESS)
    return entries.select_related("actor")
