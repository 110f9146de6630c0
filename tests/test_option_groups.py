"""Long option lists in groups under headings (issue 21, item 6): the symptoms, general health and
medicines questions are read in short groups, each a labelled group for screen readers, with
"None of these" after the groups because it answers the whole question. The headings are knowledge,
so clinicians edit them and they are translated."""

from __future__ import annotations

import re

import pytest

from tests.helpers import CALM, answer_steps
from triage.knowledge.published import get_knowledge

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("step", "question"),
    [("symptoms", "symptoms"), ("general", "general-symptoms"), ("medicines", "medicines")],
)
def test_each_long_list_is_in_groups_with_none_of_these_after_them(client, step, question):
    knowledge = get_knowledge()
    options = knowledge.questions[question].options
    answer_steps(client, CALM, upto=step)
    page = client.get(f"/step/{step}/").content.decode()
    codes_in_page = re.findall(rf'name="{question}" value="([^"]+)"', page)
    assert codes_in_page == [o.code for o in options]
    # Every heading the knowledge gives starts a group labelled by it.
    headings = [o.heading for o in options if o.heading]
    assert len(headings) >= 3
    for heading in headings:
        assert re.search(
            rf'role="group" aria-labelledby="{question}-group-\d+">\s*'
            rf'<p class="option-group-heading" id="{question}-group-\d+">{re.escape(heading)}</p>',
            page,
        )
    # Each group holds the answers from its heading to the next; the exclusive answers stand outside.
    starts = [i for i, o in enumerate(options) if o.heading]
    exclusive = [o.code for o in options if o.exclusive]
    assert exclusive and all(not o.heading for o in options if o.exclusive)
    first_exclusive = page.index(f'value="{exclusive[0]}"')
    last_group_end = page.rindex("</div>", 0, first_exclusive)
    assert page.rindex('class="option-group"', 0, first_exclusive) < last_group_end
    for start, end in zip(starts, starts[1:] + [len(options)], strict=True):
        members = [o.code for o in options[start:end] if not o.exclusive]
        group_html = page[page.index(f'id="{question}-group-{start}"') :]
        group_html = group_html[
            : group_html.index('<div class="option-group"')
            if '<div class="option-group"' in group_html
            else first_exclusive
        ]
        for code in members:
            assert f'value="{code}"' in group_html


def test_group_headings_are_translated(client):
    answer_steps(client, CALM, upto="symptoms")
    client.post("/i18n/setlang/", {"language": "zh-hant", "next": "/step/symptoms/"})
    page = client.get("/step/symptoms/").content.decode()
    assert "肌肉" in page and "Numbness, tingling and pain" not in page
    assert "麻木、刺麻與疼痛" in page
