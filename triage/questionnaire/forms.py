"""One form class builds the form for any step from the knowledge snapshot."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property, lru_cache

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext as _

from triage import engine, medicines
from triage.medicines import MEDICINES_QUESTION
from triage.questionnaire.fields import kept_field, own_copy
from triage.questionnaire.medicine_finder import (
    ADD_FIELD,
    MEDICINE_FIELD,
    QUERY_FIELD,
    SEARCH_FIELD,
    TYPED_FIELD,
    finder_context,
)
from triage.questionnaire.templatetags import codes_of, selected_codes, with_ticks

SHOWN_FIELD = "_shown"


class Placeholder:
    """An empty, escaped slot for a hidden follow-up question, which HTMX fills when it applies.

    Not crispy's HTML(), which compiles its text as a template: a question code must never be able
    to inject markup or template tags, even one loaded from a fixture without validation.
    """

    def __init__(self, code: str) -> None:
        self.code = code

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        return format_html('<div id="q-{}"></div>', self.code)


class Question(Field):
    """A visible question, drawn by its template (triage/_question.html). What the question alone
    decides (its legend, hint and answers with nothing ticked, in the language shown) is drawn once
    per process and kept; this person's ticks are applied to each page's copy. A question showing
    an error is drawn in full for its page alone: the error is the person's own."""

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        name = self.fields[0]
        field = form.fields[name]
        if form.is_bound:
            bound = form[name]
            if bound.errors:
                return super().render(form, context, template_pack=template_pack, **kwargs)
            ticked = selected_codes(bound)
        else:
            # A form with no data has no errors and shows its initial values: what its bound field's
            # value() gives, without making the bound field (a step page draws every question).
            ticked = codes_of(field.prepare_value(form.get_initial_for_field(field, name)))
        question = field.question
        required = bool(field.required)
        shown_field = context.get("shown_field") or SHOWN_FIELD
        drawn = drawn_question(self.template, question, required, shown_field, form.language)
        return with_ticks(drawn, question, ticked, required, False)


@lru_cache(maxsize=1024)
def drawn_question(
    template: str, question: engine.QuestionInfo, required: bool, shown_field: str, language: str
) -> str:
    """The question as `template` draws it with nothing ticked and no error, from what the key names
    only (the question compared by value, so a new release's wording is a new entry)."""
    blank = forms.Form()
    field = forms.Field(required=required)
    field.question = question  # type: ignore[attr-defined]  # what _question.html reads, as StepForm sets it
    blank.fields[question.code] = field
    return get_template(template).render({"field": blank[question.code], "shown_field": shown_field})


class StepHelper(FormHelper):
    """crispy's helper as every step sets it (only the layout differs): the settings are the class's
    own, so what crispy reads of them (`get_attributes`) is the same for every step and worked out
    once per template pack. No form action: the step page draws its own form tag, and crispy would
    look the empty action up as a URL name on every page, failing each time."""

    form_tag = False
    disable_csrf = True
    # step.html shows the form's own errors once, at the top; crispy would repeat them.
    form_show_errors = False
    # The questions need no widget media (no widget is drawn): not worked out on every page.
    include_media = False
    template = "triage/_step_questions.html"

    @property
    def form_action(self) -> str:
        return self._form_action

    @form_action.setter
    def form_action(self, action: str) -> None:
        self._form_action = action

    def get_attributes(self, template_pack=TEMPLATE_PACK) -> dict:
        if self.attrs or self.inputs or self.__dict__.keys() - {"attrs", "inputs", "layout"}:
            return super().get_attributes(template_pack)  # a helper set up otherwise: crispy's own way
        attributes = step_helper_attributes(template_pack)
        return {**attributes, "attrs": dict(attributes["attrs"])}


@lru_cache(maxsize=8)
def step_helper_attributes(template_pack: str) -> dict:
    return FormHelper.get_attributes(StepHelper(), template_pack)


@lru_cache(maxsize=1024)
def layout_parts(
    codes: tuple[str, ...], visible: frozenset[str], finds_medicines: bool
) -> tuple[Question | Placeholder | MedicineFinder, ...]:
    """The parts of a step's layout, in order, for its questions' codes and the ones visible: made
    once for each and shared by the forms' layouts, as they hold only codes and template names (a
    part reads the person's form only while drawing it, and keeps nothing of it)."""
    parts: list[Question | Placeholder | MedicineFinder] = []
    for code in codes:
        shown = code in visible
        parts.append(Question(code, template="triage/_question.html") if shown else Placeholder(code))
        if code == MEDICINES_QUESTION and finds_medicines:
            parts.append(MedicineFinder())
    return tuple(parts)


class MedicineFinder:
    """ "Find a medicine by name", under the medicines question (triage/_medicine_finder.html)."""

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        error = " ".join(form.errors.get(QUERY_FIELD, [])) if form.is_bound else ""
        if not (form.picked or form.typed or form.query or error):
            return empty_finder(form.step.code, translation.get_language())
        region = context.get("region")
        data = finder_context(
            form.knowledge,
            step_code=form.step.code,
            picked=form.picked,
            typed=form.typed,
            query=form.query,
            region_code=region.code if region is not None else "",
            error=error,
        )
        return render_to_string("triage/_medicine_finder.html", data)


# Knowledge with nothing in it: the finder with nothing named or searched reads none.
NO_KNOWLEDGE = engine.Knowledge(steps=(), conditions=(), red_flags=())


@lru_cache(maxsize=64)
def empty_finder(step_code: str, language: str | None) -> str:
    """The finder with nothing picked, typed, searched or wrong: its step and the language shown
    alone decide it (rendered against no knowledge and no region, to be sure), so it is drawn once
    per process for each. Anything a person named or typed is drawn for their page alone."""
    data = finder_context(NO_KNOWLEDGE, step_code=step_code, picked=(), typed=(), query="", region_code="")
    return render_to_string("triage/_medicine_finder.html", data)


def values(source: Mapping, name: str) -> list[str]:
    """Every value of a field, from posted data (a QueryDict) or from a form's initial values."""
    if hasattr(source, "getlist"):
        return [str(v) for v in source.getlist(name)]
    value = source.get(name, [])
    return [str(v) for v in (value if isinstance(value, list | tuple) else [value])]


def step_initial(answers: Mapping[str, Sequence[str]], named: Mapping, query: str = "") -> dict:
    """A step form's initial values: the saved answers, and on the medicines step the person's own
    ticks (not the answers their named medicines added), the medicines named and any search."""
    initial: dict = {code: list(codes) for code, codes in answers.items()}
    if MEDICINES_QUESTION in answers and named.get("ticked") is not None:
        initial[MEDICINES_QUESTION] = list(named["ticked"])
    initial[MEDICINE_FIELD] = list(named.get("picked", []))
    initial[TYPED_FIELD] = list(named.get("typed", []))
    initial[QUERY_FIELD] = query
    return initial


class StepForm(forms.Form):
    """The questions of one step that are visible for the answers given so far.

    `earlier` holds the answers from earlier steps; a follow-up question on this step is visible
    when its trigger is among them or among this step's own submitted answers.

    On the step of the medicines question it also finds medicines by name: the medicines picked add
    the answers they stand for (so a follow-up they open shows), and names not in the list are kept
    as typed. Text left in the search box is never dropped: a name that is exactly one medicine's is
    picked, anything else is an error that asks the person to pick or add it.
    """

    data: MultiValueDict[str, str]  # request.POST when bound (ticked boxes come as lists), else empty

    def __init__(
        self,
        step: engine.StepInfo,
        knowledge: engine.Knowledge,
        earlier: Mapping[str, Sequence[str]],
        *args,
        earlier_given: frozenset[str] | None = None,
        **kwargs,
    ) -> None:
        """`earlier_given`, when the caller has it, is what cleaning `earlier` gives (the journey's
        answers are cleaned once per request); else it is worked out here."""
        super().__init__(*args, **kwargs)
        self.step = step
        self.knowledge = knowledge
        self.earlier = earlier
        self.earlier_given = (
            engine.given_findings(earlier, knowledge) if earlier_given is None else earlier_given
        )
        self.finds_medicines = bool(knowledge.medicines) and any(
            q.code == MEDICINES_QUESTION for q in step.questions
        )
        self.picked, self.typed, self.query, self.query_left = self.named_medicines()
        self.questions = self.visible_questions()
        self.newly_shown: list[engine.QuestionInfo] = []
        for question in self.questions:
            self.fields[question.code] = self.build_field(question)
        if self.finds_medicines:
            self.fields[QUERY_FIELD] = forms.CharField(
                label=_("Find a medicine by name"), required=False, max_length=medicines.MAX_QUERY
            )
            if medicines.standing_for(self.picked, knowledge) and MEDICINES_QUESTION in self.fields:
                # The medicines picked answer the question.
                self.fields[MEDICINES_QUESTION].required = False

    @cached_property
    def language(self) -> str | None:
        """The language the form is drawn in, read once for all its questions (a request's)."""
        return translation.get_language()

    @property
    def finder_action(self) -> bool:
        """The person pressed Search, or added a name as typed, without JavaScript: the step is
        shown again with what they ticked, nothing is checked or saved."""
        return (
            self.is_bound and self.finds_medicines and (SEARCH_FIELD in self.data or ADD_FIELD in self.data)
        )

    def named_medicines(self) -> tuple[tuple[str, ...], tuple[str, ...], str, bool]:
        """The medicines picked, the names kept as typed, the text in the search box, and whether
        that text is still to be dealt with."""
        if not self.finds_medicines:
            return (), (), "", False
        source = self.data if self.is_bound else self.initial
        picked = list(medicines.known(values(source, MEDICINE_FIELD), self.knowledge))
        typed = values(source, TYPED_FIELD)
        query = " ".join((values(source, QUERY_FIELD) or [""])[0].split())[: medicines.MAX_QUERY]
        if not self.is_bound:
            return tuple(picked), medicines.typed_names(typed), query, False
        if ADD_FIELD in self.data:
            typed.append(self.data[ADD_FIELD])  # type: ignore[arg-type]  # a posted field is a string
            return tuple(picked), medicines.typed_names(typed), "", False
        left = bool(medicines.normalised(query)) and not self.finder_action
        if left:
            wanted = medicines.normalised(query)
            named = [n for code in picked for n in self.knowledge.medicine[code].all_names] + typed
            exact = medicines.exactly_named(self.knowledge, query)
            if any(medicines.normalised(n) == wanted for n in named):
                left = False
            elif exact is not None:
                picked.append(exact.code)
                left = False
        return tuple(picked), medicines.typed_names(typed), query, left

    def as_finder_page(self) -> StepForm:
        """The step again after a search or an added name: what was ticked as its initial values."""
        initial: dict = {}
        for question in self.step.questions:
            chosen = self.data.getlist(question.code)
            if chosen:
                initial[question.code] = chosen if question.kind == "multiple" else chosen[0]
        initial.update(
            {
                MEDICINE_FIELD: list(self.picked),
                TYPED_FIELD: list(self.typed),
                QUERY_FIELD: self.query,
            }
        )
        return StepForm(
            self.step, self.knowledge, self.earlier, initial=initial, earlier_given=self.earlier_given
        )

    @cached_property
    def helper(self) -> FormHelper:
        """crispy-forms lays out the step: each visible question through triage/_question.html (a
        fieldset and legend, its options drawn by the question_options tag; `Question` keeps the
        drawing with nothing ticked), each hidden follow-up as an empty placeholder. This is the one
        way a question is drawn: the live check fills a placeholder through the same template
        (triage/_live.html), so a question looks the same whether it was there when the page came
        or appeared on a tick (docs/design-decisions.md)."""
        helper = StepHelper()
        codes = tuple(q.code for q in self.step.questions)
        visible = frozenset(q.code for q in self.questions)
        helper.layout = Layout(*layout_parts(codes, visible, self.finds_medicines))
        return helper

    def submitted_codes(self) -> frozenset[str]:
        if not self.is_bound:
            return frozenset()
        codes: set[str] = set(medicines.standing_for(self.picked, self.knowledge))
        for question in self.step.questions:
            codes.update(self.data.getlist(question.code))
        return frozenset(codes)

    def visible_questions(self) -> list[engine.QuestionInfo]:
        given = set(self.earlier_given)
        if self.is_bound:
            given |= self.submitted_codes()
        else:
            given |= set(self.initial_codes())
        visible = []
        for question in self.step.questions:
            if engine.is_visible(question, frozenset(given)):
                visible.append(question)
        return visible

    def initial_codes(self) -> list[str]:
        codes: list[str] = list(medicines.standing_for(self.picked, self.knowledge))
        for question in self.step.questions:
            codes.extend(values(self.initial, question.code))
        return codes

    def ticked(self) -> dict[str, list[str]]:
        """This step's answers as ticked so far (posted, or the initial values), valid or not, with
        those of the medicines picked: enough to see a warning sign."""
        source = self.data if self.is_bound else self.initial
        ticked = {
            q.code: [c for c in values(source, q.code) if c in q.option_codes] for q in self.step.questions
        }
        if self.finds_medicines:
            ticked[MEDICINES_QUESTION] = medicines.with_medicines(
                ticked.get(MEDICINES_QUESTION, []), self.picked, self.knowledge
            )
        return {code: codes for code, codes in ticked.items() if codes}

    def build_field(self, question: engine.QuestionInfo) -> forms.Field:
        return own_copy(kept_field(question))

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        for question in self.questions:
            if question.kind != "multiple" and len(self.data.getlist(question.code)) > 1:
                # A radio button sends one value; two mean a tampered request, not a choice to guess.
                self.add_error(question.code, _("Choose one of the answers listed."))
                continue
            value = cleaned.get(question.code)
            if isinstance(value, list):
                # A repeated checkbox value means the same answer once.
                value = cleaned[question.code] = list(dict.fromkeys(value))
            if question.kind != "multiple" or not value or len(value) < 2:
                continue
            exclusive = [o for o in question.options if o.exclusive and o.code in value]
            if exclusive:
                self.add_error(
                    question.code,
                    _("‘%(answer)s’ cannot be chosen together with other answers.")
                    % {"answer": exclusive[0].label},
                )
        # A follow-up revealed by this step's own answers that the person has not yet seen (no
        # JavaScript): show it rather than treat the gap as a mistake. An optional one (which side)
        # does not hold the person up: it shows as they tick, with JavaScript, or when they go back.
        shown = set(self.data.getlist(SHOWN_FIELD)) if self.is_bound else set()
        for question in self.questions:
            if (
                question.show_when
                and question.required
                and question.code not in shown
                and not self.data.getlist(question.code)
            ):
                self.newly_shown.append(question)
                self.errors.pop(question.code, None)
        if self.query_left:
            self.add_error(
                QUERY_FIELD,
                _(
                    "Tick the medicine you searched for in the list below, or add it as you typed it. If "
                    "you did not mean to search, empty the box."
                ),
            )
        if self.newly_shown:
            raise forms.ValidationError(
                _("Please answer the extra question that has appeared below."), code="follow-up"
            )
        return cleaned

    @property
    def field_errors(self) -> dict:
        """Errors that belong to a question (for the error summary)."""
        return {name: errors for name, errors in self.errors.items() if name != "__all__"}

    def answers(self) -> dict[str, list[str]]:
        """This step's answers, question code to finding codes, for the session: on the medicines
        step with the answers the medicines picked stand for."""
        answers = {}
        for question in self.questions:
            value = self.cleaned_data.get(question.code)
            if value:
                answers[question.code] = list(value) if isinstance(value, list) else [value]
        if self.finds_medicines:
            merged = medicines.with_medicines(
                answers.get(MEDICINES_QUESTION, []), self.picked, self.knowledge
            )
            if merged:
                answers[MEDICINES_QUESTION] = merged
        return answers

    def named(self) -> dict | None:
        """The medicines named on this step, for the session (None on any other step): the ones
        picked, the names kept as typed, and the person's own ticks on the medicines question."""
        if not self.finds_medicines:
            return None
        ticked = self.cleaned_data.get(MEDICINES_QUESTION) or []
        return {"picked": list(self.picked), "typed": list(self.typed), "ticked": list(ticked)}
