"""A problem the knowledge check finds: an error (publishing is refused) or a warning (for a
clinician to judge, or to mark as intended), with the item it is about and, once found in the
database, the link to that item's admin page.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"

# Model names as in the admin's addresses (/admin/triage/<model>/...), with the words shown.
KINDS = {
    "step": "Step",
    "question": "Question",
    "finding": "Answer option",
    "condition": "Condition",
    "selfcareadvice": "Self-care advice",
    "redflag": "Red flag",
    "medicine": "Medicine",
    "source": "Source",
}


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    model: str  # a key of KINDS
    code: str
    name: str
    message: str
    # A warning's stable name, so a clinician can mark that warning about that item as intended.
    check: str = ""
    admin_url: str = ""
    # The clinician's reason when the warning is marked as intended: it is then not counted.
    accepted: str = ""

    @property
    def kind(self) -> str:
        return KINDS[self.model]

    @property
    def is_error(self) -> bool:
        return self.level == ERROR

    @property
    def needs_a_look(self) -> bool:
        """An error, or a warning nobody has marked as intended."""
        return self.is_error or not self.accepted

    def __str__(self) -> str:
        return f"{self.level.upper()}: {self.kind} '{self.code}' ({self.name}): {self.message}"
