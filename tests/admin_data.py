"""What a clinician's browser posts from the admin's change pages: a knowledge object as form data.

Each builder starts from the object as stored, so a test changes only what it is about;
`as_browser_sends` reads the form off the page itself, as a browser submits it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import Group, User

from triage import models
from triage.admin.translations import tick_name
from triage.knowledge.languages import column
from triage.knowledge.translations import other_languages
from triage.translation import TRANSLATED_FIELDS

# The password every test account gets; browser tests type it into the sign-in form.
STAFF_PASSWORD = "a-long-test-password-42"
# Every save of knowledge in the admin gives a reason (triage/admin/history.py).
REASON = "Checked against the source"


def staff_user(username: str, group: str | None = None, *, is_staff: bool = True) -> User:
    user = User.objects.create_user(username, password=STAFF_PASSWORD, is_staff=is_staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def texts_data(obj, prefix: str = "", names: tuple[str, ...] | None = None) -> dict:
    """An item's translated texts as its page sends them: each in English and in every other
    language side by side, with the review ticks as stored."""
    data = {}
    reviewed = obj.reviewed_translations or {}
    for name in TRANSLATED_FIELDS[type(obj)] if names is None else names:
        english = column(name, settings.LANGUAGE_CODE)
        data[prefix + english] = getattr(obj, english)
        for language in other_languages():
            data[prefix + column(name, language)] = getattr(obj, column(name, language)) or ""
            if name in reviewed.get(language, ()):
                data[prefix + tick_name(name, language)] = "on"
    return data


def in_english(model, changes: dict) -> dict:
    """Changes given by field name ("message"): a translated field's English box is its column."""
    translated = TRANSLATED_FIELDS.get(model, ())
    return {column(k, settings.LANGUAGE_CODE) if k in translated else k: v for k, v in changes.items()}


def source_data(source: models.Source, **changes) -> dict:
    data = {
        "code": source.code,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "date_reviewed": source.date_reviewed.isoformat() if source.date_reviewed else "",
        "change_reason": REASON,
    }
    return {**data, **changes}


def red_flag_data(flag: models.RedFlag, **changes) -> dict:
    data = {
        "code": flag.code,
        **texts_data(flag),
        "urgency": flag.urgency,
        "findings": [f.pk for f in flag.findings.all()],
        "sources": [s.pk for s in flag.sources.all()],
        "change_reason": REASON,
    }
    return {**data, **in_english(models.RedFlag, changes)}


def condition_data(
    condition: models.Condition,
    new_links: list[tuple[int, int]] = (),
    new_advice: list[int] = (),
    **changes,
) -> dict:
    """The condition with its existing answer links and self-care advice, plus `new_links` as
    (finding pk, ratio) rows and `new_advice` as advice pks added at the end."""
    data = {
        "code": condition.code,
        **texts_data(condition),
        "prevalence": condition.prevalence,
        "do_not_miss": "on" if condition.do_not_miss else "",
        "minimum_urgency": condition.minimum_urgency,
        "key_answers": [f.pk for f in condition.key_answers.all()] if condition.pk else [],
        "sources": [s.pk for s in condition.sources.all()],
        "change_reason": REASON,
    }
    if not data["do_not_miss"]:
        del data["do_not_miss"]
    links = list(condition.finding_links.all()) if condition.pk else []
    data.update(management("finding_links", len(links) + len(new_links), len(links)))
    for i, link in enumerate(links):
        data.update(
            {
                f"finding_links-{i}-id": link.pk,
                f"finding_links-{i}-condition": condition.pk,
                f"finding_links-{i}-finding": link.finding_id,
                f"finding_links-{i}-ratio": link.ratio,
                f"finding_links-{i}-ratio_if_absent": ""
                if link.ratio_if_absent is None
                else link.ratio_if_absent,
            }
        )
    for i, (finding_pk, ratio) in enumerate(new_links, start=len(links)):
        data.update({f"finding_links-{i}-finding": finding_pk, f"finding_links-{i}-ratio": ratio})
    advice = list(condition.advice_links.order_by("order")) if condition.pk else []
    data.update(management("advice_links", len(advice) + len(new_advice), len(advice)))
    for i, link in enumerate(advice):
        data.update(
            {
                f"advice_links-{i}-id": link.pk,
                f"advice_links-{i}-condition": condition.pk,
                f"advice_links-{i}-advice": link.advice_id,
                f"advice_links-{i}-order": link.order,
            }
        )
    for i, advice_pk in enumerate(new_advice, start=len(advice)):
        data.update({f"advice_links-{i}-advice": advice_pk, f"advice_links-{i}-order": 100 + i})
    return {**data, **in_english(models.Condition, changes)}


def question_data(question: models.Question, **changes) -> dict:
    data = {
        "code": question.code,
        "step": question.step_id,
        **texts_data(question),
        "kind": question.kind,
        "order": question.order,
        "show_when": [f.pk for f in question.show_when.all()],
        "change_reason": REASON,
    }
    if question.required:
        data["required"] = "on"
    options = list(question.findings.all())
    data.update(management("findings", len(options), len(options)))
    for i, option in enumerate(options):
        data.update(
            {
                f"findings-{i}-id": option.pk,
                f"findings-{i}-question": question.pk,
                f"findings-{i}-order": option.order,
                **texts_data(option, f"findings-{i}-", ("label", "help_text")),
                f"findings-{i}-code": option.code,
            }
        )
        if option.exclusive:
            data[f"findings-{i}-exclusive"] = "on"
        data.update(option_links_data(f"findings-{i}", option))
    return {**data, **in_english(models.Question, changes)}


def option_links_data(prefix: str, option: models.Finding) -> dict:
    """What an answer option's block on its question's page sends besides its own words: the red
    flags it belongs to and its links to conditions, as they stand."""
    data = {
        f"{prefix}-red_flags": [flag.pk for flag in option.red_flags.all()],
        f"{prefix}-red_flags_any": [flag.pk for flag in option.red_flags_any.all()],
    }
    links = list(option.condition_links.all())
    data.update(management(f"{prefix}-links", len(links), len(links)))
    for i, link in enumerate(links):
        data.update(
            {
                f"{prefix}-links-{i}-id": link.pk,
                f"{prefix}-links-{i}-finding": option.pk,
                f"{prefix}-links-{i}-condition": link.condition_id,
                f"{prefix}-links-{i}-ratio": link.ratio,
                f"{prefix}-links-{i}-ratio_if_absent": ""
                if link.ratio_if_absent is None
                else link.ratio_if_absent,
            }
        )
    return data


class BrowserForm(HTMLParser):
    r"""What a browser sends when a form on a page is submitted as it stands: every named field of the
    form with id `form_id` (ticked boxes only, selected options, text boxes with their lines ending
    in \r\n as browsers send them), in page order. `pairs` holds the result."""

    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self.textarea: tuple[str, list[str]] | None = None
        self.select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self.option: tuple[str | None, bool, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value") or "on"))
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.pairs.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = (name, [])
        elif tag == "select" and name:
            self.select = (name, "multiple" in a, [])
        elif tag == "option" and self.select is not None:
            self.option = (a.get("value"), "selected" in a, [])

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)
        elif self.option is not None:
            self.option[2].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            text = "".join(parts)
            # HTML drops a line break straight after <textarea>; Django writes one there.
            text = text.removeprefix("\n")
            self.pairs.append((name, text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value, selected, text = self.option
            self.select[2].append((value if value is not None else "".join(text), selected))
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple, options = self.select
            chosen = [value for value, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            self.pairs += [(name, value) for value in chosen]
            self.select = None


def as_browser_sends(page_html: str, form_id: str, button: str = "_save", reason: str = REASON) -> str:
    """The form on the page, unchanged but for the reason typed in its reason box (if it has one),
    submitted with `button`, as a urlencoded request body."""
    reader = BrowserForm(form_id)
    reader.feed(page_html)
    reader.close()
    assert reader.pairs, f"no form {form_id!r} on the page"
    pairs = [(name, reason if name == "change_reason" else value) for name, value in reader.pairs]
    return urlencode([*pairs, (button, "Save")])


def through_confirmation(client, url: str, data: dict):
    """A lead's two steps to publish or roll back: the review page's form with `data`, then, when it
    answers with the confirmation page, that page's button as a browser presses it. Gives the last
    response (the confirmation page itself when it refused to go further)."""
    page = client.post(url, data)
    if page.status_code != 200 or 'id="confirm-form"' not in page.content.decode():
        return page
    body = as_browser_sends(page.content.decode(), "confirm-form", button="confirm")
    return client.post(url, body, content_type="application/x-www-form-urlencoded")
