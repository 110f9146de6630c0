"""One submission, one assessment: the key that makes saving a result idempotent.

Each showing of a form that can finish the questionnaire (every step, for an emergency answer, and
the check page) carries a one-time submission id, made when the form is rendered. The same id with
the same answers against the same knowledge release, however many times and however many at once
(a double click, a replayed post, twenty parallel posts), names one assessment, with or without a
session: the first step's post may come before the browser has one, and each such request would
otherwise make its own. A post without a well-formed id (a page shown before ids existed, a client
that sends none) is named by its session instead, as before. The key is an HMAC, so it reveals
neither the id, the session nor the answers.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping, Sequence

from django.utils.crypto import salted_hmac

# Not a possible question code (codes are lower-case letters, digits and hyphens).
SUBMISSION_FIELD = "_submission"
SUBMISSION_ID = re.compile(r"[0-9a-f]{32}")


def new_submission_id() -> str:
    return secrets.token_hex(16)


def posted_submission_id(data: Mapping[str, str]) -> str | None:
    """The form's submission id as posted, or None if it is missing or not one the site makes."""
    value = data.get(SUBMISSION_FIELD)
    return value if isinstance(value, str) and SUBMISSION_ID.fullmatch(value) else None


def submission_key(submitter: str, revision: int, answers: Mapping[str, Sequence[str]]) -> str:
    """`submitter` names who sent the answers: "form:<submission id>", or the session key."""
    canonical = json.dumps({code: sorted(codes) for code, codes in answers.items()}, sort_keys=True)
    value = f"{submitter}\n{revision}\n{canonical}"
    return salted_hmac("triage.submission", value, algorithm="sha256").hexdigest()
