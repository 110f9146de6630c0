"""A person's way through the questionnaire: their answers so far, kept in the server-side session,
and every decision about where they may go — the next step, which steps may be opened, and where
someone who skipped ahead or lost their answers is sent. Views only act on what it decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _

from triage import engine
from triage.medicines import MEDICINES_QUESTION

SESSION_KEY = "questionnaire"
# A clinician's preview of the draft keeps its answers here, apart from a real journey's.
PREVIEW_SESSION_KEY = "preview_questionnaire"
LAST_ASSESSMENT_KEY = "last_assessment"


def step_count(knowledge: engine.Knowledge) -> int:
    """How many steps a person goes through: the questions' steps and, last, the check page. The
    start page, every step's "Step N of M" and the check page all say this one number."""
    return len(knowledge.steps) + 1


def page_url(name: str, code: str = "") -> str:
    """reverse() for the questionnaire's own addresses (a step's, with its code): the same for every
    person, so worked out once per name, code, script prefix and URLconf and kept."""
    return _page_url(name, code, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=512)
def _page_url(name: str, code: str, prefix: str, urlconf: str) -> str:
    # `prefix` is in the key only: reverse() reads the same script prefix itself.
    return reverse(name, urlconf=urlconf, args=[code] if code else None)


def step_url(step: engine.StepInfo) -> str:
    return page_url("triage:step", step.code)


@dataclass(frozen=True)
class Detour:
    """Where to send someone who asked for a page they cannot have yet, and what to tell them."""

    url: str
    message: str


class Journey:
    def __init__(self, session: SessionBase, knowledge: engine.Knowledge, *, preview: bool = False) -> None:
        self.session = session
        self.knowledge = knowledge
        self.preview = preview
        self.key = PREVIEW_SESSION_KEY if preview else SESSION_KEY
        data = session.get(self.key)
        self.started = isinstance(data, dict)
        data = data if isinstance(data, dict) else {}
        self.answers: dict[str, list[str]] = {
            str(k): [str(c) for c in v]
            for k, v in dict(data.get("answers", {})).items()
            if isinstance(v, list)
        }
        self.done: list[str] = [str(code) for code in data.get("done", [])]
        # The medicines named on the medicines step (triage/questionnaire/forms.py, StepForm.named).
        named = data.get("medicines")
        self.named: dict[str, list[str]] = (
            {key: [str(v) for v in named.get(key, [])] for key in ("picked", "typed", "ticked")}
            if isinstance(named, dict)
            else {}
        )

    # The answers -------------------------------------------------------------------------------

    @cached_property
    def cleaned(self) -> engine.CleanedAnswers:
        """The answers so far, cleaned once per request (recording answers cleans again)."""
        return engine.clean_answers(self.answers, self.knowledge)

    @cached_property
    def given(self) -> frozenset[str]:
        """Every answer given so far."""
        return frozenset().union(*self.cleaned.values())

    def given_before(self, step: engine.StepInfo) -> frozenset[str]:
        """The answers given on the steps before `step`: what cleaning `answers_before(step)` gives,
        since the answers are cleaned in questionnaire order and a question's visibility depends only
        on the answers before it."""
        return self._given_on(self.knowledge.questions_before(step.code))

    def given_through(self, step: engine.StepInfo) -> frozenset[str]:
        """The answers given on the steps up to and including `step`, the same way."""
        return self._given_on(self.knowledge.questions_before(step.code) | {q.code for q in step.questions})

    def _given_on(self, questions: frozenset[str]) -> frozenset[str]:
        return frozenset().union(*[codes for q, codes in self.cleaned.items() if q in questions])

    def answers_before(self, step: engine.StepInfo) -> dict[str, list[str]]:
        earlier = self.knowledge.questions_before(step.code)
        return {code: codes for code, codes in self.answers.items() if code in earlier}

    def step_answers(self, step: engine.StepInfo) -> dict[str, list[str]]:
        own = {q.code for q in step.questions}
        return {code: codes for code, codes in self.answers.items() if code in own}

    def record(
        self,
        step: engine.StepInfo,
        answers: Mapping[str, Sequence[str]],
        named: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Replace this step's answers; answers to follow-ups that no longer apply are dropped. On
        the medicines step, `named` replaces the medicines named."""
        own = {q.code for q in step.questions}
        merged = {code: codes for code, codes in self.answers.items() if code not in own}
        merged.update({code: list(codes) for code, codes in answers.items()})
        cleaned = engine.clean_answers(merged, self.knowledge)
        self.answers = {code: list(codes) for code, codes in cleaned.items()}
        if step.code not in self.done:
            self.done.append(step.code)
        self.started = True
        if named is not None:
            self.named = {key: list(named.get(key, [])) for key in ("picked", "typed", "ticked")}
        self._forget_derived()
        # Cleaning the answers again would give them back as they are.
        self.__dict__["cleaned"] = cleaned
        self.session[self.key] = {"answers": self.answers, "done": self.done, "medicines": self.named}

    def resume(
        self, answers: Mapping[str, Sequence[str]], picked: Sequence[str], typed: Sequence[str]
    ) -> None:
        """A saved questionnaire's answers back in the journey, every step done, to change one and
        get new results (the saved result stays as it was). Answers the knowledge no longer has are
        dropped; a required question added since is asked before the check page."""
        cleaned = engine.clean_answers(answers, self.knowledge)
        self.answers = {code: list(codes) for code, codes in cleaned.items()}
        self.done = [step.code for step in self.knowledge.steps]
        # The medicines answers as they were saved, picked medicines' answers included.
        ticked = self.answers.get(MEDICINES_QUESTION, [])
        self.named = {"picked": list(picked), "typed": list(typed), "ticked": list(ticked)}
        self.started = True
        self._forget_derived()
        self.session[self.key] = {"answers": self.answers, "done": self.done, "medicines": self.named}

    def clear(self) -> None:
        self.session.pop(self.key, None)
        self.started = False
        self.answers, self.done, self.named = {}, [], {}
        self._forget_derived()

    def _forget_derived(self) -> None:
        for name in ("cleaned", "given", "first_unfinished"):
            self.__dict__.pop(name, None)

    # Where the person may go -------------------------------------------------------------------

    def is_finished(self, step: engine.StepInfo) -> bool:
        """Answered, and no required question is missing: a changed earlier answer can reveal one."""
        if step.code not in self.done:
            return False
        answers, given = self.answers, self.given
        # An answered question needs no visibility check: every step page asks this of each step.
        return not any(
            q.required and q.code not in answers and engine.is_visible(q, given) for q in step.questions
        )

    @cached_property
    def first_unfinished(self) -> engine.StepInfo | None:
        return next((step for step in self.knowledge.steps if not self.is_finished(step)), None)

    @property
    def is_complete(self) -> bool:
        return self.started and self.first_unfinished is None

    def may_open(self, step: engine.StepInfo) -> bool:
        """The first step always; any other once every step before it has been answered."""
        steps = self.knowledge.steps
        # What "up to the first unfinished step" means, asking only about the steps before this one.
        return all(self.is_finished(earlier) for earlier in steps[: self.knowledge.step_index(step.code)])

    def next_url(self, current: engine.StepInfo, returning_to_check: bool) -> str:
        """Where Continue leads: the next step in order, or back to the check page after a change.

        A step left unanswered comes first, including one where a changed answer revealed a new
        question.
        """
        unfinished = self.first_unfinished
        if returning_to_check:
            return page_url("triage:check") if unfinished is None else step_url(unfinished)
        index = self.knowledge.step_index(current.code)
        if unfinished is not None and self.knowledge.step_index(unfinished.code) <= index:
            return step_url(unfinished)
        if index + 1 < len(self.knowledge.steps):
            return step_url(self.knowledge.steps[index + 1])
        return page_url("triage:check")

    def detour(self) -> Detour:
        """Where to send someone who opened a step or the check page too early."""
        # A preview is never saved, so it has no results to go back to.
        last = None if self.preview else self.session.get(LAST_ASSESSMENT_KEY)
        if not self.started and last:
            return Detour(
                reverse("triage:results", kwargs={"pk": last}),
                _(
                    "You have already finished the questionnaire, so here are your results. To answer "
                    "it again, choose ‘Start a new questionnaire’."
                ),
            )
        if not self.started:
            return Detour(
                step_url(self.knowledge.steps[0]),
                _(
                    "We could not find your earlier answers. For your privacy they are kept for a few "
                    "hours only. Please start from the beginning."
                ),
            )
        step = self.first_unfinished
        if step is None:
            return Detour(page_url("triage:check"), "")
        return Detour(step_url(step), _("Please answer this step first."))

    def place(self, step: engine.StepInfo) -> dict:
        """The step's number, the count and the Back link, for the page's heading and progress, and
        the addresses its form posts to (Continue, and the live check)."""
        index = self.knowledge.step_index(step.code)
        previous = self.knowledge.steps[index - 1] if index > 0 else None
        return {
            "step": step,
            "step_number": index + 1,
            "step_count": step_count(self.knowledge),
            "back_url": step_url(previous) if previous else page_url("triage:start"),
            "step_post_url": step_url(step),
            "step_check_url": page_url("triage:step_check", step.code),
        }

    def finish(self, assessment_id: str) -> None:
        """The answers are saved as an assessment: forget them, and remember where the results are."""
        self.clear()
        self.session[LAST_ASSESSMENT_KEY] = assessment_id


def start_again(session: SessionBase, *, preview: bool) -> None:
    """Clear the answers to start again and, for a real journey, forget where the last results are,
    so that the next person at a shared computer is not sent on to them. A preview forgets only
    itself."""
    if preview:
        session.pop(PREVIEW_SESSION_KEY, None)
    else:
        session.pop(SESSION_KEY, None)
        session.pop(LAST_ASSESSMENT_KEY, None)
