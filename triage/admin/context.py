"""What every admin page needs to know about the deployment: whether it runs with one clinician,
which lets whoever changed the draft publish it alone, so every admin page says so."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def governance(request: HttpRequest) -> dict:
    return {"single_clinician": settings.SINGLE_CLINICIAN}
