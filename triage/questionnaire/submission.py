"""One submission, one assessment: the key that makes saving a result idempotent.

The same session sending the same answers against the same knowledge release, however many times
and however many at once (a double click, a replayed post, two tabs), names one assessment. The key
is an HMAC, so it reveals neither the session nor the answers.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from django.utils.crypto import salted_hmac


def submission_key(session_key: str, revision: int, answers: Mapping[str, Sequence[str]]) -> str:
    canonical = json.dumps({code: sorted(codes) for code, codes in answers.items()}, sort_keys=True)
    value = f"{session_key}\n{revision}\n{canonical}"
    return salted_hmac("triage.submission", value, algorithm="sha256").hexdigest()
