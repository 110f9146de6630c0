"""Where a person is in the questionnaire: their answers so far, kept in the server-side session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.contrib.sessions.backends.base import SessionBase

from triage import engine

SESSION_KEY = "questionnaire"
LAST_ASSESSMENT_KEY = "last_assessment"


class Progress:
    def __init__(self, session: SessionBase) -> None:
        self.session = session
        data = session.get(SESSION_KEY)
        self.started = isinstance(data, dict)
        data = data if isinstance(data, dict) else {}
        self.answers: dict[str, list[str]] = {
            str(k): [str(c) for c in v]
            for k, v in dict(data.get("answers", {})).items()
            if isinstance(v, list)
        }
        self.done: list[str] = [str(code) for code in data.get("done", [])]

    def save(self) -> None:
        self.session[SESSION_KEY] = {"answers": self.answers, "done": self.done}

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)
        self.started = False
        self.answers, self.done = {}, []

    def is_finished(self, step: engine.StepInfo, given: frozenset[str]) -> bool:
        """Answered, and no required question is missing: a changed earlier answer can reveal one."""
        if step.code not in self.done:
            return False
        return all(
            q.code in self.answers for q in step.questions if q.required and engine.is_visible(q, given)
        )

    def first_unfinished(self, knowledge: engine.Knowledge) -> engine.StepInfo | None:
        given = engine.given_findings(self.answers, knowledge)
        return next((step for step in knowledge.steps if not self.is_finished(step, given)), None)

    def can_open(self, step: engine.StepInfo, knowledge: engine.Knowledge) -> bool:
        """A step can be opened once every step before it has been answered."""
        unfinished = self.first_unfinished(knowledge)
        return unfinished is None or knowledge.step_index(step.code) <= knowledge.step_index(unfinished.code)

    def is_complete(self, knowledge: engine.Knowledge) -> bool:
        return self.first_unfinished(knowledge) is None

    def answers_before(self, step: engine.StepInfo, knowledge: engine.Knowledge) -> dict[str, list[str]]:
        index = knowledge.step_index(step.code)
        earlier = {q.code for s in knowledge.steps[:index] for q in s.questions}
        return {code: codes for code, codes in self.answers.items() if code in earlier}

    def step_answers(self, step: engine.StepInfo) -> dict[str, list[str]]:
        own = {q.code for q in step.questions}
        return {code: codes for code, codes in self.answers.items() if code in own}

    def record(
        self, step: engine.StepInfo, answers: Mapping[str, Sequence[str]], knowledge: engine.Knowledge
    ) -> None:
        """Replace this step's answers; answers to follow-ups that no longer apply are dropped."""
        own = {q.code for q in step.questions}
        merged = {code: codes for code, codes in self.answers.items() if code not in own}
        merged.update({code: list(codes) for code, codes in answers.items()})
        self.answers = {code: list(codes) for code, codes in engine.clean_answers(merged, knowledge).items()}
        if step.code not in self.done:
            self.done.append(step.code)
        self.started = True
        self.save()
