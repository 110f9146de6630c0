"""The summary a doctor reads: one line of the answers, positives and key negatives, what "None of
these" rules out, causes with their own examination and tests, and the reference on every page of
the print view and of the PDF made on the server."""

from __future__ import annotations

import dataclasses
import io
import re
import unicodedata

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from tests.helpers import CALM, answer_steps, complete, with_changes
from tests.summaries import SCENARIO_FILES
from triage.models import Assessment
from triage.questionnaire.pdf import NO_FETCHING
from triage.questionnaire.summary import key_negatives, one_line
from triage.reference import ALPHABET, format_reference

pytestmark = pytest.mark.django_db


def flat(answers: dict) -> dict[str, list[str]]:
    """Step-by-step answers as the engine takes them: one list of codes per question."""
    return {
        code: [value] if isinstance(value, str) else list(value)
        for step in answers.values()
        for code, value in step.items()
    }


FLAT_CALM = flat(CALM)
WEAKNESS = with_changes(
    about={"age": "age-50-74"},
    onset={"onset-when": "onset-long", "onset-speed": "onset-gradual"},
    pattern={"course": "course-worse", "worse-what": ["worse-weakness"]},
    symptoms={"symptoms": ["sym-weakness"], "weakness-detail": ["weak-worse", "weak-hands"]},
    general={"general-symptoms": ["gen-none"], "serious-speed": "speed-weeks"},
)


def pdf_pages(content: bytes) -> list[str]:
    # NFKC undoes the ligatures (fi, fl) the PDF's fonts use; whitespace is made single.
    reader = PdfReader(io.BytesIO(content))
    return [unicodedata.normalize("NFKC", " ".join(p.extract_text().split())) for p in reader.pages]


def test_the_one_line_summary_gives_age_sex_where_how_long_and_the_course(knowledge):
    line = one_line(FLAT_CALM, knowledge)
    assert line == (
        "Age 18 to 39, male. Twitching: eyelid, one side, it is always in the same place; "
        "started in the last week; sudden onset; getting better."
    )


def test_the_one_line_summary_names_the_side_when_the_person_gave_it(knowledge):
    answers = {**FLAT_CALM, "sides": ["side-one"], "which-side": ["side-left"]}
    assert one_line(answers, knowledge).startswith(
        "Age 18 to 39, male. Twitching: eyelid, left-sided, it is always in the same place;"
    )
    # The side is a follow-up of "one side": with both sides, a stray answer to it is dropped.
    both = {**FLAT_CALM, "sides": ["side-both"], "which-side": ["side-left"]}
    assert "left" not in one_line(both, knowledge)


def test_the_one_line_summary_keeps_names_and_acronyms_as_written(knowledge):
    """An answer without clinicians' words is written as the person read it, its first ordinary word
    in small letters inside the line: "Thumb (CMC joint)" reads "thumb (CMC joint)", never "cmc"."""

    def renamed(option):
        return dataclasses.replace(option, label="Thumb (CMC joint)", if_chosen="")

    steps = tuple(
        dataclasses.replace(
            step,
            questions=tuple(
                dataclasses.replace(
                    q, options=tuple(renamed(o) if o.code == "loc-eyelid" else o for o in q.options)
                )
                for q in step.questions
            ),
        )
        for step in knowledge.steps
    )
    changed = dataclasses.replace(knowledge, steps=steps)
    assert "Twitching: thumb (CMC joint), one side" in one_line(FLAT_CALM, changed)


def test_an_unsure_answer_is_left_out_of_the_one_line_summary(knowledge):
    answers = {**FLAT_CALM, "sex": ["sex-unsaid"], "onset-speed": ["onset-unknown"]}
    line = one_line(answers, knowledge)
    assert "rather not say" not in line and "not sure" not in line
    assert line.startswith("Age 18 to 39. Twitching: eyelid")


def test_the_one_line_summary_says_whether_a_woman_is_pregnant(knowledge):
    woman = {**FLAT_CALM, "sex": ["sex-female"]}
    assert one_line({**woman, "pregnant": ["pregnant-yes"]}, knowledge).startswith(
        "Age 18 to 39, female, pregnant."
    )
    assert one_line({**woman, "pregnant": ["pregnant-no"]}, knowledge).startswith(
        "Age 18 to 39, female, not pregnant."
    )
    assert one_line({**woman, "pregnant": ["pregnant-unsure"]}, knowledge).startswith("Age 18 to 39, female.")


def test_the_one_line_summary_follows_the_parts_the_knowledge_gives_not_answer_codes(knowledge):
    """Issue 23, item 3: the parts are read from the questions (summary_part) and the words from the
    answers, so a clinician who renames a code in the admin changes nothing in the doctor's line."""

    def renamed(info, new_code):
        return dataclasses.replace(info, code=new_code)

    steps = []
    for step in knowledge.steps:
        questions = []
        for q in step.questions:
            options = tuple(
                dataclasses.replace(o, code=f"x-{o.code}", question_code=f"x-{q.code}") for o in q.options
            )
            questions.append(
                dataclasses.replace(
                    renamed(q, f"x-{q.code}"),
                    options=options,
                    show_when=frozenset(f"x-{c}" for c in q.show_when),
                    hide_when=frozenset(f"x-{c}" for c in q.hide_when),
                )
            )
        steps.append(dataclasses.replace(step, questions=tuple(questions)))
    recoded = dataclasses.replace(knowledge, steps=tuple(steps))
    answers = {**FLAT_CALM, "sides": ["side-one"], "which-side": ["side-right"]}
    answers_recoded = {f"x-{q}": [f"x-{c}" for c in codes] for q, codes in answers.items()}
    assert one_line(answers_recoded, recoded) == one_line(answers, knowledge)
    assert "right-sided" in one_line(answers_recoded, recoded)
    # Without the parts, the line is empty: nothing in the code names a question.
    no_parts = dataclasses.replace(
        knowledge,
        steps=tuple(
            dataclasses.replace(
                s, questions=tuple(dataclasses.replace(q, summary_part="") for q in s.questions)
            )
            for s in knowledge.steps
        ),
    )
    assert one_line(answers, no_parts) == ""


def test_key_negatives_are_the_options_asked_about_and_not_chosen(knowledge):
    answers = flat(WEAKNESS)
    texts = [n["text"] for n in key_negatives(answers, knowledge)]
    assert "no weakness" not in texts  # they have weakness
    assert "no trouble swallowing" in texts
    assert "no muscle wasting" in texts
    assert "weakness not ascending" in texts  # the follow-up they were asked
    calm = [n["text"] for n in key_negatives(FLAT_CALM, knowledge)]
    assert "weakness not ascending" not in calm  # a follow-up never asked says nothing


def test_the_summary_leads_with_the_absent_features_of_serious_causes(client):
    url = complete(client, WEAKNESS)
    summary = Assessment.objects.get().result["summary"]
    assert summary["one_line"].startswith("Age 50 to 74, male. Twitching: eyelid")
    # Positives in a clinician's words, not the person's phrases pasted in (issue 21, item 9).
    assert "weakness" in summary["positives"]
    assert "Weakness in a muscle (not just feeling tired)" not in summary["positives"]
    assert "no trouble swallowing" in summary["headline_negatives"]
    assert len(summary["headline_negatives"]) <= 6
    html = client.get(url + "print/").content.decode()
    assert "Key negatives" in html and "no trouble swallowing" in html


def test_none_of_these_says_what_it_rules_out_on_the_check_page_and_the_summary(client):
    answer_steps(client, CALM)
    check = client.get("/check/").content.decode()
    # On the check page, in the words the person was asked in (issue 21, item 7): each "None of
    # these" unfolds to the answers it says no to; the clinician's shorthand is for the doctor.
    # Six: the emergency signs, known conditions, earlier checks, medicines, symptoms, general health.
    assert check.count("Which answers you said no to") == 6
    folded = check.split('<details class="none-covers">')[1:]
    assert any("<li>Weakness in a muscle (not just feeling tired)</li>" in part for part in folded)
    assert "no muscle wasting" not in check and "no thyroid disease" not in check
    url = client.post("/check/")["Location"]
    summary = client.get(url + "print/").content.decode()
    assert "<strong>None of these</strong> (no weakness, no muscle wasting" in summary


def test_each_possible_cause_carries_its_own_examination_and_tests_on_the_summary(client):
    url = complete(client, WEAKNESS)
    result = Assessment.objects.get().result
    html = client.get(url + "print/").content.decode()
    cause = result["tiers"]["most_likely"][0]
    block = html[html.index(f"<strong>{cause['name']}</strong>") :]
    block = block[
        : block.index('<div class="print-cause">') if '<div class="print-cause">' in block else None
    ]
    if cause["clinician_examination"]:
        assert escape(cause["clinician_examination"][0]) in block
    if cause["clinician_tests"]:
        assert escape(cause["clinician_tests"][0]) in block
    assert "The person’s questions" in html and "For the clinician" in html
    assert "Date of birth" in html and "Current medicines" in html


def test_the_urgency_is_named_once_without_repeating_its_timeframe(client):
    url = complete(client, WEAKNESS)
    html = client.get(url + "print/").content.decode()
    assert "(Today)" not in html and "(Within" not in html


def test_each_assessment_gets_a_short_reference_it_can_be_found_by(client):
    url = complete(client)
    assessment = Assessment.objects.get()
    assert re.fullmatch(f"[{ALPHABET}]{{8}}", assessment.reference)
    shown = format_reference(assessment.reference)
    assert shown in client.get(url).content.decode()
    assert shown in client.get(url + "print/").content.decode()


def test_the_pdf_download_is_the_summary_with_the_reference_on_every_page(client):
    url = complete(client, WEAKNESS)
    assessment = Assessment.objects.get()
    response = client.get(url + "summary.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"twitching-summary-{assessment.reference}.pdf" in response["Content-Disposition"]
    assert "noindex" in response["X-Robots-Tag"]
    pages = pdf_pages(response.content)
    assert 1 <= len(pages) <= 2
    for number, text in enumerate(pages, start=1):
        assert f"Reference {assessment.reference_display}" in text
        assert f"Page {number} of {len(pages)}" in text
    everything = " ".join(pages)
    assert "Muscle twitching: summary for the doctor" in everything
    assert "Key negatives" in everything and "no trouble swallowing" in everything


def test_the_pdf_of_results_that_do_not_exist_is_not_found(client):
    assert client.get("/results/00000000-0000-0000-0000-000000000000/summary.pdf").status_code == 404
    assert client.get("/results/not-a-result/summary.pdf").status_code == 404


def test_pdfs_are_limited_per_address(client, settings):
    url = complete(client)
    settings.RATE_LIMIT_PDFS = "2/m"
    assert client.get(url + "summary.pdf").status_code == 200
    assert client.get(url + "summary.pdf").status_code == 200
    refused = client.get(url + "summary.pdf")
    assert refused.status_code == 429
    assert "text/html" in refused["Content-Type"]


def test_the_pdf_maker_fetches_nothing_from_anywhere():
    with pytest.raises(ValueError):
        NO_FETCHING.fetch("https://example.com/tracker.png")
    with pytest.raises(ValueError):
        NO_FETCHING.fetch("file:///etc/passwd")


def test_the_page_header_stylesheet_names_the_reference_and_the_page(client):
    url = complete(client)
    assessment = Assessment.objects.get()
    response = client.get(url + "page.css")
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert f"Reference {assessment.reference_display}" in css
    assert "counter(page)" in css and "counter(pages)" in css


@pytest.mark.rendering
@pytest.mark.parametrize("stem", [path.stem for path in SCENARIO_FILES])
def test_every_scenarios_pdf_fits_two_a4_pages_with_a_header_on_each(stem, printed_summaries):
    summary = printed_summaries(stem, "en-gb")
    pages = summary.page_texts()
    assert 1 <= len(pages) <= 2, stem
    for number, text in enumerate(pages, start=1):
        assert f"Reference {summary.reference}" in text
        assert f"Page {number} of {len(pages)}" in text


def test_a_page_that_asks_for_images_and_stylesheets_still_makes_a_pdf_and_fetches_nothing(monkeypatch):
    # WeasyPrint reads the fetcher's settings when a fetch fails: a fetcher without them turned the
    # first refused address into an AttributeError, and the PDF into a 500.
    from weasyprint import CSS, HTML

    from triage.questionnaire.pdf import NoFetching, print_stylesheet

    refused = []

    def refusing(url, headers=None):
        try:
            return NoFetching.fetch(NO_FETCHING, url, headers)
        except ValueError:
            refused.append(url)
            raise

    monkeypatch.setattr(NO_FETCHING, "fetch", refusing)
    html = (
        '<link rel="stylesheet" href="https://example.com/site.css">'
        '<h1>Summary for the doctor</h1><img src="https://example.com/tracker.png" alt="">'
        '<p style="background: url(file:///etc/passwd)">Twitching in one calf.</p>'
    )
    background = CSS(string="body { background: url(https://example.com/bg.png) }", url_fetcher=NO_FETCHING)
    document = HTML(string=html, url_fetcher=NO_FETCHING, media_type="print")
    content = document.write_pdf(stylesheets=[print_stylesheet(), background])
    assert content.startswith(b"%PDF")
    assert "Summary for the doctor Twitching in one calf." in " ".join(pdf_pages(content))
    assert set(refused) == {
        "https://example.com/site.css",
        "https://example.com/tracker.png",
        "file:///etc/passwd",
        "https://example.com/bg.png",
    }


def test_a_release_from_before_summary_parts_keeps_its_one_line_summary(knowledge):
    """Snapshot format 3 had no summary parts, unsure answers or steps whose answers stay: reading
    one gives them as the code of that time did, so an old result's summary for the doctor is whole."""
    from triage.knowledge.snapshot import knowledge_from_dict, knowledge_to_dict

    data = knowledge_to_dict(knowledge)
    old_steps = []
    for step in data["steps"]:
        questions = [
            {
                **{k: v for k, v in q.items() if k != "summary_part"},
                "options": [
                    {k: v for k, v in o.items() if k not in ("unsure", "heading")}
                    | {"if_chosen": "" if o["code"].startswith(("pregnant-", "onset-")) else o["if_chosen"]}
                    for o in q["options"]
                ],
            }
            for q in step["questions"]
        ]
        old_steps.append({**{k: v for k, v in step.items() if k != "answers_stay"}, "questions": questions})
    old = knowledge_from_dict({**data, "format": 3, "steps": old_steps})
    answers = {
        **FLAT_CALM,
        "sex": ["sex-female"],
        "pregnant": ["pregnant-yes"],
        "onset-speed": ["onset-unknown"],
    }
    assert one_line(answers, old) == one_line(answers, knowledge)
    assert one_line(answers, old).startswith("Age 18 to 39, female, pregnant. Twitching: eyelid")
    assert [s.code for s in old.steps if s.answers_stay] == [
        s.code for s in knowledge.steps if s.answers_stay
    ]


def test_an_answer_inside_a_list_for_the_doctor_starts_small_unless_it_is_a_name_or_a_number():
    from triage.punctuation import mid_list

    assert mid_list("Tongue") == "tongue"
    assert mid_list("Calves") == "calves"
    assert mid_list("Insulin, or diabetes tablets") == "insulin, or diabetes tablets"
    assert mid_list("ADHD medicines") == "ADHD medicines"
    assert mid_list("I am not sure") == "I am not sure"
    assert mid_list("50 to 74") == "50 to 74"
    assert mid_list("舌頭") == "舌頭"
