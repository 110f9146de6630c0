"""Before and after, field by field: texts compared word by word, numbers and choices as "old → new"
in clinicians' words, items added and removed listed as such, and knowledge text always escaped."""

from __future__ import annotations

import copy

import pytest

from triage.knowledge.diff import (
    DELETED,
    EQUAL,
    INSERTED,
    FieldChange,
    Segment,
    knowledge_diff,
    word_segments,
)
from triage.knowledge.releases import diff_between, diff_words, latest_release
from triage.vocabulary import Prevalence, Ratio, Urgency

pytestmark = pytest.mark.django_db


@pytest.fixture
def published() -> dict:
    """The snapshot of the shipped knowledge, as release v1 holds it."""
    return latest_release().snapshot


def edited(snapshot: dict, edit) -> dict:
    """A deep copy of `snapshot` after `edit(copy)`: the published snapshot stays as it was."""
    new = copy.deepcopy(snapshot)
    edit(new)
    return new


def condition(snapshot: dict, code: str) -> dict:
    return next(c for c in snapshot["conditions"] if c["code"] == code)


def changed_item(diff, kind: str, code: str):
    return next(item for item in diff.of(kind).changed if item.code == code)


def field(item, words: str) -> FieldChange:
    return next(change for change in item.fields if change.words == words)


def test_a_text_is_compared_word_by_word():
    segments = word_segments(
        "Twitches like these are common and settle by themselves.",
        "Twitches like these are very common and usually settle within weeks.",
    )
    assert segments == (
        Segment(EQUAL, "Twitches like these are"),
        Segment(INSERTED, "very"),
        Segment(EQUAL, "common and"),
        Segment(INSERTED, "usually"),
        Segment(EQUAL, "settle"),
        Segment(DELETED, "by themselves."),
        Segment(INSERTED, "within weeks."),
    )


def test_a_changed_text_is_shown_with_ins_and_del_around_the_words_that_changed():
    change = FieldChange("summary", segments=word_segments("See a GP soon.", "See a GP today."))
    assert change.html() == "See a GP <del>soon.</del> <ins>today.</ins>"


def test_a_script_in_knowledge_text_is_escaped_never_marked_safe(published):
    hostile = "<script>alert('x')</script> & more"

    def edit(snapshot):
        condition(snapshot, "benign-twitches")["summary"] += " " + hostile

    diff = diff_between(published, edited(published, edit))
    html = field(changed_item(diff, "conditions", "benign-twitches"), "summary in plain words").html()
    assert "<script>" not in html
    assert "<ins>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more</ins>" in html


def test_a_changed_ratio_reads_as_old_and_new_words_of_the_scale(published):
    answer, old_ratio = next(iter(condition(published, "benign-twitches")["ratios"].items()))
    strongest_against = Ratio.VERY_STRONGLY_AGAINST
    new_ratio = strongest_against if old_ratio != strongest_against else Ratio.VERY_STRONGLY_FOR

    def edit(snapshot):
        condition(snapshot, "benign-twitches")["ratios"][answer] = float(new_ratio)

    diff = diff_between(published, edited(published, edit))
    assert [kind.kind for kind in diff.kinds] == ["links"]
    link = changed_item(diff, "links", f"benign-twitches|{answer}")
    change = field(link, "likelihood ratio when given")
    assert change.html() == f"{Ratio(old_ratio).label} → {new_ratio.label}"
    assert diff.count == 1


def test_how_common_and_urgency_read_in_the_vocabularys_words(published):
    flag = published["red_flags"][0]
    new_urgency = Urgency.SOON if flag["urgency"] != Urgency.SOON else Urgency.URGENT

    def edit(snapshot):
        condition(snapshot, "benign-twitches")["prevalence"] = Prevalence.RARE
        snapshot["red_flags"][0]["urgency"] = new_urgency

    diff = diff_between(published, edited(published, edit))
    old_prevalence = Prevalence(condition(published, "benign-twitches")["prevalence"]).label
    prevalence = field(changed_item(diff, "conditions", "benign-twitches"), "how common")
    assert (prevalence.old, prevalence.new) == (old_prevalence, Prevalence.RARE.label)
    urgency = field(changed_item(diff, "red flags", flag["code"]), "urgency")
    assert urgency.html() == f"{Urgency(flag['urgency']).label} → {new_urgency.label}".replace("&", "&amp;")


def test_added_and_removed_items_are_listed_as_such_with_their_names(published):
    removed = published["conditions"][-1]
    new_flag = {**published["red_flags"][0], "code": "new-flag", "title": "A new warning sign"}

    def edit(snapshot):
        snapshot["conditions"].remove(removed)
        snapshot["red_flags"].append(new_flag)

    diff = diff_between(published, edited(published, edit))
    assert [item.name for item in diff.of("conditions").removed] == [removed["name"]]
    assert diff.of("conditions").added == diff.of("conditions").changed == ()
    assert [item.name for item in diff.of("red flags").added] == ["A new warning sign"]
    # Its links went with it, each with the ratio it had.
    gone = diff.of("links").removed
    assert len(gone) == len(removed["ratios"].keys() | removed.get("ratios_if_absent", {}).keys())
    assert all(item.name.startswith(removed["name"] + ": ") for item in gone)
    assert all("likelihood ratio when given: " in item.note for item in gone)


def test_a_list_of_answers_says_which_came_and_which_went(published):
    flag = next(f for f in published["red_flags"] if f["findings"])
    names = {o["code"]: o["label"] for s in published["steps"] for q in s["questions"] for o in q["options"]}
    dropped = flag["findings"][0]
    added = next(code for code in names if code not in flag["findings"] and names[code] != names[dropped])

    def edit(snapshot):
        mine = next(f for f in snapshot["red_flags"] if f["code"] == flag["code"])
        mine["findings"] = sorted({*mine["findings"][1:], added})

    diff = diff_between(published, edited(published, edit))
    change = field(changed_item(diff, "red flags", flag["code"]), "answer options (all of these)")
    assert change.is_list
    kinds = {segment.text.split(" (")[0]: segment.kind for segment in change.segments}
    assert kinds[names[dropped]] == DELETED
    assert kinds[names[added]] == INSERTED
    assert f"<li><del>{names[dropped]}" in change.html()


def test_an_answer_as_common_as_yes_is_named_with_its_question(published):
    from collections import Counter

    questions = [q for s in published["steps"] for q in s["questions"]]
    # A label that more than one question offers, such as "I am not sure".
    shared = Counter(o["label"] for q in questions for o in q["options"])
    label = next(label for label, n in shared.items() if n > 1)
    question = next(q for q in questions if any(o["label"] == label for o in q["options"]))
    option = next(o for o in question["options"] if o["label"] == label)

    def edit(snapshot):
        mine = next(q for s in snapshot["steps"] for q in s["questions"] if q["code"] == question["code"])
        next(o for o in mine["options"] if o["code"] == option["code"])["help_text"] = "Even once."

    diff = diff_between(published, edited(published, edit))
    assert changed_item(diff, "answer options", option["code"]).name == f"{label} ({question['text']})"


def test_a_text_whose_only_line_breaks_changed_says_so(published):
    def edit(snapshot):
        summary = condition(snapshot, "benign-twitches")["summary"]
        condition(snapshot, "benign-twitches")["summary"] = summary.replace(" ", "\n", 1)

    diff = diff_between(published, edited(published, edit))
    assert field(changed_item(diff, "conditions", "benign-twitches"), "summary in plain words").only_spacing


def test_the_same_knowledge_gives_no_changes(published):
    diff = diff_between(published, copy.deepcopy(published))
    assert not diff.any
    assert diff.count == 0


def test_without_the_models_words_it_falls_back_to_the_snapshots_names(published):
    def edit(snapshot):
        snapshot["steps"][0]["title"] = "First things first"

    diff = knowledge_diff(published, edited(published, edit))
    step = diff.of("steps").changed[0]
    assert (step.name, step.fields[0].words) == ("First things first", "title")
    assert diff_words().kinds["links"] == "links between conditions and answers"
