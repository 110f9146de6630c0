"""Writes fixtures/questionnaire.json from the compact table below.

The JSON file is what ships and what clinicians' edits are exported to; this script only exists to
make the first version readable. Run: python tools/build_questionnaire.py
"""

from __future__ import annotations

import json
from pathlib import Path

# step code, title, intro, [questions]
# question: (code, text, hint, kind, required, show_when, [options])
# option: (code, label, help, exclusive)
STEPS = [
    (
        "start",
        "Check it is not an emergency",
        "This questionnaire helps you understand muscle twitching and how soon to get it checked. "
        "It takes about 5 minutes. It does not give a diagnosis and does not replace a doctor. "
        "First, check that you do not need help straight away.",
        [
            (
                "emergency-signs",
                "Do you have any of these right now?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    ("em-breathing", "Severe difficulty breathing, or blue or grey lips", "", False),
                    ("em-choking", "Choking, or cannot swallow or speak", "", False),
                    ("em-seizure", "A fit (seizure)", "", False),
                    (
                        "em-tetany",
                        "Hands or feet locked in a spasm, or a tight throat with noisy breathing",
                        "Fingers and wrists bending in and locking, sometimes with tingling lips. "
                        "It can be a sign of very low calcium.",
                        False,
                    ),
                    (
                        "em-chemical",
                        "Twitching after contact with a pesticide or other chemical, with "
                        "drooling, sweating, being sick or tiny pupils",
                        "Some farm and garden chemicals can poison the nerves. This needs help at once.",
                        False,
                    ),
                    ("em-ascending", "Weakness that is spreading up the legs over hours or days", "", False),
                    (
                        "em-cauda",
                        "Numbness between the legs or around the bottom with new bladder or bowel problems",
                        "This can mean the nerves at the bottom of the spine are squeezed. It needs "
                        "treatment the same day.",
                        False,
                    ),
                    ("em-none", "None of these", "", True),
                ],
            ),
        ],
    ),
    (
        "about",
        "About you",
        "Some causes of twitching are more likely at certain ages or with certain health conditions.",
        [
            (
                "age",
                "How old are you?",
                "",
                "single",
                True,
                [],
                [
                    ("age-under-18", "Under 18", "", False),
                    ("age-18-39", "18 to 39", "", False),
                    ("age-40-49", "40 to 49", "", False),
                    ("age-50-74", "50 to 74", "", False),
                    ("age-75-plus", "75 or over", "", False),
                ],
            ),
            (
                "sex",
                "What sex were you registered at birth?",
                "Some conditions affect only men or mostly women.",
                "single",
                True,
                [],
                [
                    ("sex-female", "Female", "", False),
                    ("sex-male", "Male", "", False),
                    ("sex-unsaid", "I would rather not say", "", False),
                ],
            ),
            (
                "pregnant",
                "Are you pregnant?",
                "",
                "single",
                True,
                ["sex-female"],
                [
                    ("pregnant-yes", "Yes", "", False),
                    ("pregnant-no", "No", "", False),
                    ("pregnant-unsure", "I am not sure", "", False),
                ],
            ),
            (
                "known-conditions",
                "Do you have any of these?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    ("known-diabetes", "Diabetes", "", False),
                    ("known-thyroid", "A thyroid problem", "", False),
                    ("known-kidney", "Kidney disease", "", False),
                    (
                        "known-neck-surgery",
                        "An operation on the neck or thyroid in the last few months",
                        "Thyroid and parathyroid operations can lower the calcium in your blood.",
                        False,
                    ),
                    ("known-none", "None of these", "", True),
                ],
            ),
        ],
    ),
    (
        "onset",
        "When it started",
        "",
        [
            (
                "onset-when",
                "When did the twitching start?",
                "",
                "single",
                True,
                [],
                [
                    ("onset-days", "In the last week", "", False),
                    ("onset-weeks", "1 to 2 weeks ago", "", False),
                    ("onset-months", "Between 2 weeks and 3 months ago", "", False),
                    ("onset-long", "More than 3 months ago", "", False),
                ],
            ),
            (
                "onset-speed",
                "How did it start?",
                "",
                "single",
                True,
                [],
                [
                    ("onset-sudden", "Suddenly", "", False),
                    ("onset-gradual", "Gradually", "", False),
                    ("onset-unknown", "I am not sure", "", False),
                ],
            ),
            (
                "onset-context",
                "Was anything happening around the time it started?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    ("ctx-new-medicine", "I started a new medicine or changed a dose", "", False),
                    ("ctx-illness", "An illness such as a cold, flu or a virus", "", False),
                    (
                        "ctx-vomiting",
                        "Being sick or diarrhoea",
                        "These can lower the potassium and magnesium in your blood.",
                        False,
                    ),
                    ("ctx-exercise", "Hard exercise", "", False),
                    ("ctx-stress", "A stressful time", "", False),
                    (
                        "ctx-tick-bite",
                        "A tick bite",
                        "Ticks are small biters found in long grass and woodland.",
                        False,
                    ),
                    ("ctx-chemical", "Contact with pesticides, insect sprays or other chemicals", "", False),
                    (
                        "ctx-wound",
                        "A deep or dirty wound, such as a cut from gardening",
                        "Deep or dirty wounds can rarely lead to tetanus, which causes stiffness and spasms.",
                        False,
                    ),
                    ("ctx-none", "None of these, or I do not know", "", True),
                ],
            ),
        ],
    ),
    (
        "location",
        "Where you feel it",
        "",
        [
            (
                "location",
                "Where on your body is the twitching?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    ("loc-face", "Face", "", False),
                    ("loc-eyelid", "Eyelid", "", False),
                    ("loc-tongue", "Tongue", "", False),
                    ("loc-neck", "Neck", "", False),
                    ("loc-shoulders", "Shoulders", "", False),
                    ("loc-arms", "Arms", "", False),
                    ("loc-hands", "Hands or fingers", "", False),
                    ("loc-trunk", "Chest, back or tummy", "", False),
                    ("loc-buttocks", "Buttocks", "", False),
                    ("loc-thighs", "Thighs", "", False),
                    ("loc-calves", "Calves", "", False),
                    ("loc-feet", "Feet", "", False),
                ],
            ),
            (
                "sides",
                "Is it on one side of your body or both?",
                "",
                "single",
                True,
                [],
                [
                    ("side-one", "One side", "", False),
                    ("side-both", "Both sides", "", False),
                    ("side-unsure", "I am not sure", "", False),
                ],
            ),
            (
                "spread",
                "Does it stay in one place?",
                "",
                "single",
                True,
                [],
                [
                    ("spread-fixed", "It is always in the same place", "", False),
                    ("spread-moving", "It moves around to different places", "", False),
                ],
            ),
        ],
    ),
    (
        "pattern",
        "How long and how often",
        "",
        [
            (
                "twitch-length",
                "How long does each twitch last?",
                "",
                "single",
                True,
                [],
                [
                    ("len-flicker", "A quick flicker, less than a second", "", False),
                    ("len-seconds", "A few seconds", "", False),
                    (
                        "len-rippling",
                        "It ripples continuously, like something moving under the skin",
                        "Constant rippling is sometimes described as looking like a 'bag of worms'.",
                        False,
                    ),
                ],
            ),
            (
                "frequency",
                "How often does it happen?",
                "",
                "single",
                True,
                [],
                [
                    ("freq-occasional", "A few times a day or less", "", False),
                    ("freq-often", "Many times a day", "", False),
                    ("freq-constant", "Nearly all the time", "", False),
                ],
            ),
            (
                "timing",
                "When do you notice it?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    ("when-rest", "When resting", "", False),
                    ("when-bedtime", "At bedtime", "", False),
                    ("when-after-exercise", "After exercise", "", False),
                    ("when-asleep", "While asleep (it wakes me, or someone has seen it)", "", False),
                    ("when-any-time", "At any time", "", False),
                ],
            ),
            (
                "course",
                "Since it started, is it",
                "",
                "single",
                True,
                [],
                [
                    ("course-better", "Getting better", "", False),
                    ("course-same", "About the same", "", False),
                    ("course-worse", "Getting worse", "", False),
                ],
            ),
            (
                "lifestyle",
                "Lately, have you had any of these?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    (
                        "life-caffeine",
                        "A lot of caffeine (more than about 4 cups of coffee or energy drinks a day)",
                        "",
                        False,
                    ),
                    ("life-alcohol", "More alcohol than usual, or drinking heavily", "", False),
                    ("life-poor-sleep", "Not enough sleep", "", False),
                    ("life-stress", "Stress, worry or anxiety", "", False),
                    ("life-none", "None of these", "", True),
                ],
            ),
        ],
    ),
    (
        "medicines",
        "Medicines",
        "Some medicines can cause twitching or cramps. Do not stop a "
        "prescribed medicine without talking to your doctor or pharmacist first.",
        [
            (
                "medicines",
                "Do you take any of these?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    (
                        "med-diuretic",
                        "Water tablets (diuretics), such as furosemide or bendroflumethiazide",
                        "",
                        False,
                    ),
                    ("med-steroid", "Steroid tablets, such as prednisolone", "", False),
                    (
                        "med-oestrogen",
                        "Medicines with oestrogen, such as the combined pill or HRT",
                        "",
                        False,
                    ),
                    ("med-stimulant", "Stimulants, such as ADHD medicines", "", False),
                    ("med-inhaler", "Asthma or COPD inhalers", "", False),
                    ("med-antidepressant", "Antidepressants", "", False),
                    ("med-antiepileptic", "Epilepsy medicines", "", False),
                    (
                        "med-ppi",
                        "Acid reflux medicines, such as omeprazole or lansoprazole",
                        "These are called proton pump inhibitors (PPIs). Taken for a long time they can "
                        "lower magnesium.",
                        False,
                    ),
                    ("med-statin", "Statins for cholesterol, such as atorvastatin", "", False),
                    ("med-none", "None of these", "", True),
                    ("med-unsure", "I am not sure", "", True),
                ],
            ),
            (
                "medicine-change",
                "Did you start one of these, or change the dose, in the last few weeks?",
                "",
                "single",
                True,
                [
                    "med-diuretic",
                    "med-steroid",
                    "med-oestrogen",
                    "med-stimulant",
                    "med-inhaler",
                    "med-antidepressant",
                    "med-antiepileptic",
                    "med-ppi",
                    "med-statin",
                ],
                [
                    ("med-changed-yes", "Yes", "", False),
                    ("med-changed-no", "No", "", False),
                ],
            ),
        ],
    ),
    (
        "symptoms",
        "Other symptoms",
        "Tell us about anything else you have noticed, even if it seems unrelated.",
        [
            (
                "symptoms",
                "Do you have any of these?",
                "Choose all that apply.",
                "multiple",
                True,
                [],
                [
                    (
                        "sym-weakness",
                        "Weakness in a muscle (not just feeling tired)",
                        "Real weakness means a muscle cannot do something it used to, like gripping a jar "
                        "or climbing stairs.",
                        False,
                    ),
                    ("sym-wasting", "A muscle looking thinner or smaller", "", False),
                    ("sym-cramps", "Cramps", "", False),
                    ("sym-stiffness", "Stiff muscles", "", False),
                    (
                        "sym-posture",
                        "A muscle pulls part of your body into a twisted or fixed position, and "
                        "you cannot stop it",
                        "For example, your head keeps turning to one side, or your eyelids keep squeezing "
                        "shut. This is different from a quick twitch.",
                        False,
                    ),
                    ("sym-numbness", "Numbness or tingling in the hands or feet", "", False),
                    ("sym-tingling-lips", "Tingling around the mouth or in the fingertips", "", False),
                    (
                        "sym-radiating-pain",
                        "Pain spreading from the neck or back down an arm or leg",
                        "",
                        False,
                    ),
                    ("sym-slurred-speech", "Slurred speech", "", False),
                    ("sym-swallowing", "Trouble swallowing", "", False),
                    (
                        "sym-breathless",
                        "Getting out of breath easily, or breathless when lying flat",
                        "",
                        False,
                    ),
                    (
                        "sym-palpitations",
                        "A racing, pounding or irregular heartbeat (palpitations)",
                        "",
                        False,
                    ),
                    ("sym-weight-loss", "Losing weight without trying", "", False),
                    ("sym-heat", "Feeling hot or sweaty when others do not", "", False),
                    ("sym-vision-balance", "Changes in your eyesight or balance", "", False),
                    ("sym-bladder-bowel", "New problems controlling your bladder or bowels", "", False),
                    ("sym-saddle-numbness", "Numbness between the legs or around the bottom", "", False),
                    ("sym-drooling-sweating", "Drooling, watery eyes or heavy sweating", "", False),
                    ("sym-none", "None of these", "", True),
                ],
            ),
            (
                "weakness-detail",
                "About the weakness: do any of these apply?",
                "Choose all that apply.",
                "multiple",
                True,
                ["sym-weakness"],
                [
                    ("weak-dropping", "I drop things or trip", "", False),
                    ("weak-worse", "It is getting worse over weeks or months", "", False),
                    ("weak-both-legs", "It is in both legs", "", False),
                    ("weak-rising", "It is spreading upwards over hours or days", "", False),
                    ("weak-none", "None of these", "", True),
                ],
            ),
            (
                "cramp-detail",
                "About the cramps: do any of these apply?",
                "Choose all that apply.",
                "multiple",
                True,
                ["sym-cramps"],
                [
                    ("cramp-long", "A cramp lasts more than 10 minutes", "", False),
                    ("cramp-night", "Cramps wake me at night", "", False),
                    ("cramp-exercise", "Cramps come on with exercise", "", False),
                    ("cramp-none", "None of these", "", True),
                ],
            ),
        ],
    ),
]


def build() -> list[dict]:
    objects: list[dict] = []
    for step_order, (step_code, title, intro, questions) in enumerate(STEPS, start=1):
        objects.append(
            {
                "model": "triage.step",
                "fields": {"code": step_code, "title": title, "intro": intro, "order": step_order * 10},
            }
        )
        for q_order, (q_code, text, hint, kind, required, show_when, options) in enumerate(
            questions, start=1
        ):
            objects.append(
                {
                    "model": "triage.question",
                    "fields": {
                        "code": q_code,
                        "step": [step_code],
                        "text": text,
                        "help_text": hint,
                        "kind": kind,
                        "required": required,
                        "order": q_order * 10,
                        "show_when": [[code] for code in show_when],
                    },
                }
            )
            for o_order, (f_code, label, help_text, exclusive) in enumerate(options, start=1):
                objects.append(
                    {
                        "model": "triage.finding",
                        "fields": {
                            "code": f_code,
                            "question": [q_code],
                            "label": label,
                            "help_text": help_text,
                            "exclusive": exclusive,
                            "order": o_order * 10,
                        },
                    }
                )
    return objects


if __name__ == "__main__":
    path = Path(__file__).resolve().parent.parent / "fixtures" / "questionnaire.json"
    path.write_text(json.dumps(build(), indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path}")
