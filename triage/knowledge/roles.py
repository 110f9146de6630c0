"""Who may do what with the knowledge: the clinical roles (groups made by migrations) and the
permissions each gate asks for, in one place for the admin, the commands and the tests.

- Clinical editor: edits the draft and the scenarios.
- Clinical reviewer: the same, and marks translations reviewed and knowledge-check warnings intended.
- Clinical lead: the same as a reviewer, and publishes, rolls back and opens saved assessments.

An administrator (a superuser) manages accounts and reads the audit log of who opened which saved
assessment.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

EDITOR, REVIEWER, LEAD = "Clinical editor", "Clinical reviewer", "Clinical lead"
GROUPS = {"editor": EDITOR, "reviewer": REVIEWER, "lead": LEAD}

PUBLISH_PERMISSION = "triage.publish_release"
REVIEW_PERMISSION = "triage.review_translations"
# Marking a warning intended is adding an AcceptedWarning; changing or deleting one likewise.
MARK_INTENDED_PERMISSION = "triage.add_acceptedwarning"
ASSESSMENT_PERMISSION = "triage.view_assessment"


def may_review_translations(user) -> bool:
    return user.has_perm(REVIEW_PERMISSION)


def may_mark_intended(user) -> bool:
    return user.has_perm(MARK_INTENDED_PERMISSION)


def leads():
    """Every active clinician who may publish: the clinical leads, and any account given the
    permission itself. A superuser may publish too, but is an administrator's account, not a
    clinician's: it never counts as the second clinician who checks a change."""
    app_label, codename = PUBLISH_PERMISSION.split(".")
    publish = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    may = Q(groups__permissions__in=publish) | Q(user_permissions__in=publish)
    return list(get_user_model().objects.filter(may, is_active=True).distinct().order_by("username"))


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()
