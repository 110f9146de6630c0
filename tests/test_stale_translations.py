"""No silent drift of a translation (issue 20, item 5): when a text's English changes in the draft
and its translation does not, the changes-waiting and publish pages name it, with the English
before and now and the translation people will read meanwhile."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.urls import reverse

from tests.admin_data import staff_user
from tests.factories import condition, knowledge, question
from triage import models
from triage.knowledge.languages import out_of_date

NEW_MESSAGE = "A new English message that the Chinese does not say yet."


def snapshot(summary: str, chinese: str):
    base = knowledge({"s1": [question("a", ["a1", "a2"])]}, conditions=[condition("c", {"a1": 2})])
    c = replace(base.conditions[0], summary=summary)
    return replace(base, conditions=(c,), translations={"zh-hant": {"condition/c/summary": chinese}})


def test_a_translation_whose_english_moved_on_is_out_of_date():
    live = snapshot("Old English.", "舊的中文。")
    [stale] = out_of_date(live, snapshot("New English.", "舊的中文。"))
    assert (stale.language, stale.key, stale.before, stale.now, stale.translation) == (
        "zh-hant",
        "condition/c/summary",
        "Old English.",
        "New English.",
        "舊的中文。",
    )
    # Updated with the English, or the English unchanged: nothing to say.
    assert out_of_date(live, snapshot("New English.", "新的中文。")) == []
    assert out_of_date(live, snapshot("Old English.", "改過的中文。")) == []


@pytest.mark.django_db
def test_changes_waiting_and_publish_name_the_translation_left_behind(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    flag = models.RedFlag.objects.get(code="unwell-after-medicine-or-drug")
    chinese = flag.message_zh_hant
    assert chinese
    models.RedFlag.objects.filter(pk=flag.pk).update(message_en_gb=NEW_MESSAGE, message=NEW_MESSAGE)
    client.force_login(staff_user("lead", "Clinical lead"))
    for page in (reverse("admin:triage_release_waiting"), reverse("admin:triage_release_publish")):
        html = client.get(page).content.decode()
        assert "Translations the English has moved on from" in html, page
        section = html[html.index('class="stale-translations"') :]
        section = section[: section.index("</section>")]
        assert NEW_MESSAGE in section and chinese in section, page
        assert f'href="{reverse("admin:triage_redflag_change", args=[flag.pk])}"' in section
        assert section.count("<tr>") == 2  # the header and the one text


@pytest.mark.django_db
def test_nothing_is_named_when_every_translation_kept_up(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(staff_user("lead", "Clinical lead"))
    html = client.get(reverse("admin:triage_release_waiting")).content.decode()
    assert "Translations the English has moved on from" not in html
