"""Writes fixtures/sources.json, conditions.json and red_flags.json from the compact tables below.

The JSON files are what ships and what clinicians' edits are exported to; this script only exists to
make the first version readable and checked. The facts and their sources come from
../shared/clinical-reference.md. Run: python tools/build_knowledge.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"

URGENCIES = ("emergency", "urgent", "soon", "routine", "self_care")
PREVALENCES = ("common", "uncommon", "rare")

# fmt: off
# code, publisher, title, url. Always the original publisher, never a mirror or syndicated copy.
SOURCES = [
    ("nhs-twitching", "NHS", "Twitching eyes and muscles",
     "https://www.nhs.uk/conditions/twitching-eyes-and-muscles/"),
    ("nhs-leg-cramps", "NHS", "Leg cramps", "https://www.nhs.uk/conditions/leg-cramps/"),
    ("nhs-peripheral-neuropathy", "NHS", "Peripheral neuropathy",
     "https://www.nhs.uk/conditions/peripheral-neuropathy/"),
    ("nhs-ms-symptoms", "NHS", "Multiple sclerosis: symptoms",
     "https://www.nhs.uk/conditions/multiple-sclerosis/symptoms/"),
    ("nhs-mnd", "NHS", "Motor neurone disease", "https://www.nhs.uk/conditions/motor-neurone-disease/"),
    ("nhs-shortness-of-breath", "NHS", "Shortness of breath",
     "https://www.nhs.uk/conditions/shortness-of-breath/"),
    ("nhs-overactive-thyroid", "NHS", "Overactive thyroid (hyperthyroidism)",
     "https://www.nhs.uk/conditions/overactive-thyroid-hyperthyroidism/"),
    ("nhs-b12-folate", "NHS", "Vitamin B12 or folate deficiency anaemia",
     "https://www.nhs.uk/conditions/vitamin-b12-or-folate-deficiency-anaemia/"),
    ("nhs-tetanus", "NHS", "Tetanus", "https://www.nhs.uk/conditions/tetanus/"),
    ("medlineplus-twitching", "MedlinePlus (US National Library of Medicine)", "Muscle twitching",
     "https://medlineplus.gov/ency/article/003296.htm"),
    ("nice-ng127", "NICE", "Suspected neurological conditions: recognition and referral (NG127, 2019)",
     "https://www.nice.org.uk/guidance/ng127"),
    ("nice-ng42", "NICE", "Motor neurone disease: assessment and management (NG42)",
     "https://www.nice.org.uk/guidance/ng42"),
    ("bmj-2022-mnd", "The BMJ", "Assessment of suspected motor neuron disease (Mahoney et al., "
     "BMJ 2022;379:e073857)", "https://doi.org/10.1136/bmj-2022-073857"),
    ("bmj-bp-als", "BMJ Best Practice", "Amyotrophic lateral sclerosis",
     "https://bestpractice.bmj.com/topics/en-gb/330"),
    ("mayo-als", "Mayo Clinic", "Amyotrophic lateral sclerosis (ALS): symptoms and causes",
     "https://www.mayoclinic.org/diseases-conditions/amyotrophic-lateral-sclerosis/symptoms-causes/"
     "syc-20354022"),
    ("turner-talbot-2013", "Practical Neurology", "Mimics and chameleons in motor neurone disease "
     "(Turner & Talbot, 2013;13:153-164)", "https://doi.org/10.1136/practneurol-2013-000557"),
    ("filippakis-2018", "Muscle & Nerve", "A prospective study of benign fasciculation syndrome and "
     "anxiety (Filippakis et al., 2018;58:852-854)", "https://pubmed.ncbi.nlm.nih.gov/30028521/"),
    ("aan-2017-bfs", "Neurology (American Academy of Neurology)", "A prospective study of benign "
     "fasciculation syndrome (2017;88(16 Suppl):S45.007)",
     "https://n.neurology.org/content/88/16_Supplement/S45.007"),
    ("mattiuzzi-2024", "Neurological Sciences", "Clinical progression of benign fasciculation "
     "syndrome: a systematic literature review (Mattiuzzi & Lippi, 2024)",
     "https://doi.org/10.1007/s10072-024-07867-0"),
    ("blackman-2019", "Psychosomatics", "The association between benign fasciculations and health "
     "anxiety (Blackman et al., 2019;60:499-507)", "https://doi.org/10.1016/j.psym.2019.04.001"),
    ("sfe-hypocalcaemia", "Society for Endocrinology (Endocrine Connections)", "Emergency management "
     "of acute hypocalcaemia in adult patients (2016;5:G7-G8)",
     "https://ec.bioscientifica.com/view/journals/ec/5/5/G7.xml"),
    ("fpnotebook-hypomagnesaemia", "FPnotebook", "Hypomagnesemia",
     "https://fpnotebook.com/Renal/Magnesium/Hypmgnsm.htm"),
    ("ppi-magnesium-review", "Gastroenterology Research and Practice", "Hypomagnesemia induced by "
     "long-term treatment with proton-pump inhibitors: systematic review (2015)",
     "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC4434191/"),
    ("medicinenet-hypokalaemia", "MedicineNet", "Hypokalemia: symptoms and signs",
     "https://www.medicinenet.com/hypokalemia_symptoms_and_signs/symptoms.htm"),
    ("duyff-2000", "Journal of Neurology, Neurosurgery & Psychiatry", "Neuromuscular findings in "
     "thyroid dysfunction: a prospective clinical and electrodiagnostic study (Duyff et al., "
     "2000;68:750-755)", "https://doi.org/10.1136/jnnp.68.6.750"),
    ("rabbitt-2016-cramps", "Age and Ageing", "A review of nocturnal leg cramps in older people "
     "(Rabbitt, Mulkerrin & O'Keeffe, 2016;45(6):776)", ""),
    ("gard-cramp-fasciculation", "Genetic and Rare Diseases Information Center (NIH)",
     "Cramp-fasciculation syndrome", "https://rarediseases.info.nih.gov/gard/6205"),
    ("msd-isaacs", "MSD Manual Professional Edition", "Isaacs syndrome",
     "https://www.msdmanuals.com/en-gb/professional/neurologic-disorders/"
     "peripheral-nervous-system-and-motor-unit-disorders/isaacs-syndrome"),
    ("nord-neuromyotonia", "National Organization for Rare Disorders (NORD)", "Acquired neuromyotonia",
     "https://rarediseases.org/rare-diseases/acquired-neuromyotonia/"),
    ("hulse-2014", "American Journal of Respiratory and Critical Care Medicine", "Respiratory "
     "complications of organophosphorus nerve agent and insecticide poisoning (Hulse et al., "
     "2014;190:1342-1354)", "https://doi.org/10.1164/rccm.201406-1150CI"),
    ("mayo-radiculopathy", "Mayo Clinic Sports Medicine", "Radiculopathy",
     "https://sportsmedicine.mayoclinic.org/condition/radiculopathy/"),
    ("ouh-cauda-equina", "Oxford University Hospitals NHS Trust", "Cauda equina syndrome: information "
     "for people with low back pain (leaflet OMI 10127P)",
     "https://www.ouh.nhs.uk/patient-guide/leaflets/library.aspx"),
    ("genereviews-sbma", "GeneReviews (NCBI Bookshelf)", "Spinal and bulbar muscular atrophy",
     "https://www.ncbi.nlm.nih.gov/books/NBK1333/"),
    # The NCBI Bookshelf address of this chapter could not be checked offline; add it once verified.
    ("statpearls-tick-paralysis", "StatPearls (NCBI Bookshelf)", "Tick paralysis", ""),
]
# fmt: on

# Shared clinician lines, so the same work-up reads the same everywhere.
BASIC_BLOODS = "Bloods: K, adjusted Ca, Mg, phosphate, renal function, TSH, CK, FBC, B12"
FULL_NEURO_EXAM = (
    "Full neurological examination: power, wasting (tongue, 'split hand'), tone, "
    "reflexes (brisk = UMN), bulbar signs, sensation"
)
DO_NOT_STOP = "Do not stop a prescribed medicine yourself. Ask your doctor or pharmacist first."


def condition(
    *,
    code: str,
    name: str,
    prevalence: str,
    do_not_miss: bool,
    sources: list[str],
    summary: str,
    weights: dict[str, int],
    self_care: list[str],
    questions: list[str],
    examination: list[str],
    tests: list[str],
) -> dict:
    return {
        "code": code,
        "name": name,
        "prevalence": prevalence,
        "do_not_miss": do_not_miss,
        "sources": sources,
        "summary": summary,
        "weights": weights,
        "self_care": self_care,
        "questions": questions,
        "examination": examination,
        "tests": tests,
    }


# fmt: off
# Each condition: code, name, prevalence, do_not_miss, sources, summary, weights (finding -> weight),
# then one list per text field (one item per line in the fixture). Weights: 3 strongly supports,
# 1 supports, -2 argues against, -4 strongly argues against (5 for a defining feature). Any positive
# weight makes the condition a candidate, so a do-not-miss condition only gets positive weights for
# its own real features, never for age or sex, or it would be listed for everyone of that age.
CONDITIONS = [
    condition(
        code="benign-twitches", name="Everyday muscle twitches (benign twitches)",
        prevalence="common", do_not_miss=False,
        sources=["nhs-twitching", "medlineplus-twitching", "aan-2017-bfs"],
        summary="Small twitches that come and go are very common and are not a sign of disease. They "
        "often affect an eyelid, a calf or a thumb, and stress, tiredness, caffeine or alcohol can set "
        "them off. They usually stop by themselves within a few days or weeks.",
        weights={
            "loc-eyelid": 3, "loc-calves": 1, "loc-hands": 1, "onset-days": 3, "onset-weeks": 1,
            "onset-months": -2, "onset-long": -4, "spread-fixed": 1, "spread-moving": -2,
            "len-flicker": 1, "len-rippling": -2, "freq-occasional": 1, "when-rest": 1,
            "when-bedtime": 1, "course-better": 3, "course-worse": -2, "life-caffeine": 1,
            "life-alcohol": 1, "life-poor-sleep": 1, "life-stress": 1, "ctx-stress": 1,
            "sym-weakness": -4, "sym-wasting": -4, "loc-tongue": -4, "sym-slurred-speech": -4,
            "sym-swallowing": -4, "sym-posture": -2, "weak-worse": -4, "weak-rising": -4,
            "weak-both-legs": -2, "sym-numbness": -2, "sym-radiating-pain": -2, "sym-tingling-lips": -2,
            "sym-stiffness": -2, "sym-vision-balance": -2, "sym-drooling-sweating": -2,
            "sym-bladder-bowel": -4, "sym-saddle-numbness": -4,
        },
        self_care=[
            "Rest, and try to get regular sleep.",
            "Cut down on coffee, tea, cola, energy drinks and alcohol.",
            "Find ways to relax that suit you, such as a walk, breathing exercises or a warm bath.",
            "Try not to keep checking the twitch. Worrying about it tends to make it more noticeable.",
            "See a GP if it lasts more than 2 weeks, spreads to other places, or the muscle becomes "
            "weak or stiff.",
        ],
        questions=[
            "Onset, duration, frequency; fixed site or wandering?",
            "Triggers: caffeine, alcohol, sleep, stress, recent exertion",
            "Any weakness, wasting, sensory change, speech or swallowing change?",
            "New or changed medicines?",
        ],
        examination=["Strength, muscle bulk and reflexes in the affected area (expected normal)"],
        tests=["None needed if brief, isolated and examination normal"],
    ),
    condition(
        code="bfs", name="Benign fasciculation syndrome (BFS)",
        prevalence="uncommon", do_not_miss=False,
        sources=["filippakis-2018", "aan-2017-bfs", "mattiuzzi-2024", "blackman-2019",
                 "turner-talbot-2013"],
        summary="Some people have harmless twitching that goes on for months or years, often in the "
        "calves and often moving around the body. Cramps, tingling and feeling weak are common, but a "
        "doctor finds normal strength. In studies that followed people with BFS for years, none went "
        "on to get motor neurone disease.",
        weights={
            "onset-months": 3, "onset-long": 3, "onset-days": -4, "onset-weeks": -2, "spread-moving": 3,
            "side-both": 1, "loc-calves": 1, "when-rest": 1, "ctx-illness": 1, "life-stress": 1,
            "life-caffeine": 1, "sym-cramps": 1, "sym-numbness": 1, "sym-weakness": -2,
            "weak-worse": -2, "weak-dropping": -2, "sym-wasting": -4, "loc-tongue": -2,
            "sym-slurred-speech": -4, "sym-swallowing": -4, "len-rippling": -2, "sym-posture": -2,
            "course-worse": -2,
        },
        self_care=[
            "Keep active and carry on with your normal life.",
            "Cut down on caffeine and alcohol, and protect your sleep.",
            "Try not to keep checking or testing your muscles: it keeps the worry going.",
            "If worry about the twitching is taking over, ask your GP about talking therapy for health "
            "anxiety. It often helps more than more tests or reassurance.",
            "See a GP again if you notice real weakness (dropping things, tripping), a muscle getting "
            "thinner, or changes in speech or swallowing.",
        ],
        questions=[
            "Duration and distribution; wandering? calves predominant?",
            "Objective loss of function (dropping things, tripping) versus subjective weakness or "
            "fatigue",
            "Cramps, paraesthesia, exercise intolerance",
            "Health anxiety: checking, impact on daily life; healthcare worker?",
            "Preceding viral illness; caffeine, stimulants, sleep",
        ],
        examination=[
            FULL_NEURO_EXAM,
            "BFS: examination normal apart from fasciculations",
        ],
        tests=[
            BASIC_BLOODS,
            "Under 40, normal strength, normal thyroid and electrolytes: can usually be reassured "
            "without EMG (Turner & Talbot 2013)",
            "EMG/NCS if weakness, wasting, reflex change or doubt; avoid repeat EMG only for "
            "reassurance",
            "Consider CBT referral for health anxiety",
        ],
    ),
    condition(
        code="cramp-fasciculation", name="Cramp-fasciculation syndrome",
        prevalence="rare", do_not_miss=False,
        sources=["gard-cramp-fasciculation", "nhs-leg-cramps"],
        summary="A rare nerve condition, usually not dangerous, that causes twitching together with "
        "painful cramps, mostly in the legs. Exercise tends to bring it on, and it usually stays about "
        "the same over time.",
        weights={
            "sym-cramps": 3, "cramp-exercise": 3, "cramp-night": 1, "loc-calves": 1, "loc-thighs": 1,
            "when-after-exercise": 1, "course-same": 1, "onset-long": 1, "sym-weakness": -2,
            "weak-worse": -2, "sym-wasting": -4,
        },
        self_care=[
            "Stretch and massage the muscle when a cramp starts.",
            "Regular calf stretches, for example before bed, may help to prevent cramps.",
            "Painkillers do not help during a cramp: it is usually over before they work.",
        ],
        questions=[
            "Cramp frequency, duration, triggers (exercise), nocturnal?",
            "Stable or progressing?",
            "Weakness or wasting (argue against)",
        ],
        examination=["Strength, bulk, reflexes and sensation (expected normal)"],
        tests=[BASIC_BLOODS, "EMG/NCS if uncertain"],
    ),
    condition(
        code="exercise-fatigue", name="Twitching after exercise or tiredness",
        prevalence="common", do_not_miss=False,
        sources=["medlineplus-twitching", "nhs-leg-cramps"],
        summary="Muscles that have worked hard can twitch for a while afterwards, especially in the "
        "calves and thighs. This is normal and settles with rest.",
        weights={
            "ctx-exercise": 3, "when-after-exercise": 3, "cramp-exercise": 1, "onset-long": -2,
            "sym-weakness": -2, "sym-wasting": -4,
        },
        self_care=[
            "Rest the muscles that were worked hard.",
            "Stretch and massage your calves if you also get cramps.",
        ],
        questions=["Relation to exertion; new or heavier training", "Cramps, exercise intolerance"],
        examination=["Neurological examination (expected normal)"],
        tests=["None routinely; CK and electrolytes if cramps are severe or persistent"],
    ),
    condition(
        code="caffeine-stimulants", name="Caffeine or stimulants",
        prevalence="common", do_not_miss=False,
        sources=["medlineplus-twitching", "nhs-twitching"],
        summary="Large amounts of caffeine (in coffee, tea, cola and energy drinks) or stimulant drugs "
        "such as amphetamines can make muscles twitch.",
        weights={
            "life-caffeine": 3, "med-stimulant": 3, "sym-weakness": -2, "sym-wasting": -4,
        },
        self_care=[
            "Cut down on coffee, tea, cola and energy drinks.",
            "If you take a prescribed stimulant, for example for ADHD, talk to your doctor or "
            "pharmacist. Do not stop it yourself.",
        ],
        questions=["Daily caffeine (coffee, energy drinks), stimulant medicines or recreational drugs"],
        examination=["Pulse; neurological examination (expected normal)"],
        tests=["None routinely"],
    ),
    condition(
        code="anxiety-stress", name="Stress and anxiety",
        prevalence="common", do_not_miss=False,
        sources=["nhs-twitching", "medlineplus-twitching", "blackman-2019", "filippakis-2018"],
        summary="Stress and worry are among the most common triggers of twitching. Twitching can also "
        "cause worry, and the worry can make the twitching more noticeable.",
        weights={
            "life-stress": 3, "ctx-stress": 3, "sym-weakness": -2, "sym-wasting": -4,
        },
        self_care=[
            "Find ways to relax that suit you, such as exercise, breathing exercises or time outdoors.",
            "Try to get regular sleep.",
            "If worry about your health is hard to control, talk to your GP. Talking therapies such "
            "as CBT can help.",
        ],
        questions=[
            "Current stressors; sleep; mood",
            "Health anxiety focused on MND: checking, searching, repeated consultations",
        ],
        examination=["Neurological examination (expected normal)"],
        tests=["None specific; consider talking therapy (CBT) for health anxiety"],
    ),
    condition(
        code="sleep-deprivation", name="Lack of sleep",
        prevalence="common", do_not_miss=False,
        sources=["medlineplus-twitching", "nhs-twitching"],
        summary="Not getting enough sleep can make muscles twitch. Twitches are often more noticeable "
        "when you are tired or lying still in bed.",
        weights={"life-poor-sleep": 3, "sym-weakness": -2, "sym-wasting": -4},
        self_care=[
            "Aim for regular sleep, going to bed and getting up at about the same times.",
            "Cut down on caffeine and alcohol.",
        ],
        questions=["Sleep duration and pattern; shift work; new baby; caffeine"],
        examination=["Neurological examination (expected normal)"],
        tests=["None routinely"],
    ),
    condition(
        code="hypokalaemia", name="Low potassium (hypokalaemia)",
        prevalence="uncommon", do_not_miss=True,
        sources=["medicinenet-hypokalaemia", "medlineplus-twitching"],
        summary="Potassium is a salt in the blood that the muscles and heart need. It can drop with "
        "water tablets (diuretics) or after being sick or having diarrhoea, causing weakness, cramps, "
        "twitching or an irregular heartbeat. A blood test shows it, and very low levels need "
        "treatment quickly.",
        weights={
            "med-diuretic": 3, "ctx-vomiting": 3, "sym-palpitations": 1, "sym-weakness": 1,
            "sym-wasting": -2, "loc-tongue": -2,
        },
        self_care=[
            DO_NOT_STOP,
            "Get help the same day if your heart races or beats irregularly, or you get weaker.",
        ],
        questions=[
            "Diuretic type and recent dose change; laxatives",
            "Vomiting, diarrhoea, poor intake",
            "Palpitations, constipation, increasing weakness",
        ],
        examination=["Power (proximal weakness); pulse rate and rhythm"],
        tests=["U&E (potassium) and magnesium", "ECG if potassium is abnormal or palpitations"],
    ),
    condition(
        code="hypocalcaemia", name="Low calcium (hypocalcaemia)",
        prevalence="uncommon", do_not_miss=True,
        sources=["sfe-hypocalcaemia"],
        summary="Low calcium can cause tingling around the mouth and in the fingertips, cramps and "
        "twitching. If it is severe, the hands and feet can lock in spasm, the throat can tighten or a "
        "fit can happen, which is an emergency. It is most common after an operation on the thyroid "
        "or parathyroid glands in the neck.",
        weights={
            "em-tetany": 3, "sym-tingling-lips": 3, "known-neck-surgery": 3,
        },
        self_care=[
            "After a neck or thyroid operation, contact your surgical team or GP the same day if your "
            "lips or fingers tingle.",
            "Call 999 if your hands or feet lock in a spasm, your throat feels tight or your breathing "
            "is noisy.",
        ],
        questions=[
            "Recent thyroid or parathyroid surgery",
            "Perioral or digital paraesthesia, carpopedal spasm, stridor, seizures",
            "PPI use, vitamin D deficiency risk, malabsorption",
        ],
        examination=["Chvostek and Trousseau signs", "Airway: laryngospasm or stridor"],
        tests=[
            "Adjusted calcium, phosphate, magnesium, U&E",
            "PTH and vitamin D if calcium is low",
            "ECG (prolonged QT, arrhythmia)",
        ],
    ),
    condition(
        code="hypomagnesaemia", name="Low magnesium (hypomagnesaemia)",
        prevalence="uncommon", do_not_miss=False,
        sources=["fpnotebook-hypomagnesaemia", "ppi-magnesium-review", "sfe-hypocalcaemia"],
        summary="Magnesium is another salt the muscles need. It can fall with heavy drinking, "
        "long-term use of acid reflux medicines (PPIs such as omeprazole), water tablets or long-lasting "
        "diarrhoea, causing cramps and twitching. Low magnesium often comes with low calcium and low "
        "potassium, and a blood test shows it.",
        weights={
            "life-alcohol": 3, "med-ppi": 3, "med-diuretic": 1, "ctx-vomiting": 1, "sym-cramps": 1,
            "cramp-long": 1, "em-tetany": 1,
        },
        self_care=[
            "If you drink a lot every day, do not stop suddenly. Ask your GP for help to cut down "
            "safely.",
            "Do not stop acid reflux medicine or water tablets yourself. Ask your doctor whether you "
            "need a blood test.",
            "Only take magnesium supplements if a blood test shows your level is low and a doctor "
            "advises it.",
        ],
        questions=["Alcohol intake", "PPI and diuretic use, and for how long", "Diarrhoea, malabsorption"],
        examination=["Chvostek sign, tremor"],
        tests=["Magnesium, adjusted calcium, potassium", "ECG if levels are abnormal"],
    ),
    condition(
        code="hyperthyroidism", name="Overactive thyroid (hyperthyroidism)",
        prevalence="uncommon", do_not_miss=False,
        sources=["nhs-overactive-thyroid", "duyff-2000"],
        summary="When the thyroid gland in the neck makes too much hormone, muscles can twitch or "
        "tremble. People may also have a racing heart, lose weight even though they eat well, feel too "
        "hot and feel anxious. It is much more common in women, a blood test shows it, and the muscle "
        "symptoms usually settle once it is treated.",
        weights={
            "sym-weight-loss": 3, "sym-heat": 3, "known-thyroid": 3, "sym-palpitations": 1,
            "sex-male": -2,
        },
        self_care=[
            "Ask your GP for a thyroid blood test.",
            "If you already have a thyroid condition, keep taking your medicine as prescribed and tell "
            "your doctor about the twitching.",
        ],
        questions=[
            "Weight loss with good appetite, heat intolerance, palpitations, tremor, anxiety",
            "Known thyroid disease and its treatment",
        ],
        examination=["Pulse rate and rhythm (AF), tremor, goitre, eye signs, proximal power"],
        tests=["TSH and free T4", "ECG if fast or irregular pulse"],
    ),
    condition(
        code="medication-side-effect", name="A side effect of a medicine",
        prevalence="common", do_not_miss=False,
        sources=["medlineplus-twitching", "nhs-twitching", "nhs-leg-cramps", "rabbitt-2016-cramps"],
        summary="Some medicines can cause twitching or cramps, including water tablets (diuretics), "
        "steroid tablets, medicines containing oestrogen, stimulants, some asthma inhalers and "
        "statins. It is more likely if a medicine was started or its dose changed recently.",
        weights={
            "ctx-new-medicine": 3, "med-changed-yes": 3, "med-changed-no": -2, "med-diuretic": 1,
            "med-steroid": 1, "med-oestrogen": 1, "med-stimulant": 1, "med-inhaler": 1,
            "med-statin": 1, "med-ppi": 1,
        },
        self_care=[
            DO_NOT_STOP,
            "Ask your pharmacist or GP whether one of your medicines could be the cause. There may be "
            "another medicine you can take instead.",
        ],
        questions=[
            "Full medicine list including recent starts and dose changes, over-the-counter and "
            "supplements",
            "Diuretics, corticosteroids, oestrogens, stimulants, long-acting beta-agonists, statins, "
            "PPIs (via low Mg), anticholinesterases",
        ],
        examination=["Neurological examination"],
        tests=["K, adjusted Ca, Mg if on diuretics or PPIs", "CK if on a statin with muscle symptoms"],
    ),
    condition(
        code="b12-vitamin-d-deficiency", name="Low vitamin B12 or vitamin D",
        prevalence="uncommon", do_not_miss=False,
        sources=["nhs-b12-folate", "sfe-hypocalcaemia"],
        summary="Low vitamin B12 can cause pins and needles, weakness, a sore tongue and memory "
        "problems, and the nerve damage can become permanent if it is not treated. Very low vitamin D "
        "can lower calcium, which can cause twitching and cramps. A blood test shows both.",
        weights={
            "sym-numbness": 1, "sym-weakness": 1, "sym-slurred-speech": -2, "sym-swallowing": -2,
            "loc-tongue": -2, "onset-days": -2, "weak-rising": -2,
        },
        self_care=[
            "Ask your GP for a blood test rather than buying supplements. It matters to find out first "
            "whether you are low, and why.",
        ],
        questions=[
            "Pins and needles, sore tongue, memory problems",
            "Diet, malabsorption, autoimmune disease (pernicious anaemia)",
        ],
        examination=["Sensation (vibration, joint position), reflexes, gait"],
        tests=["FBC, B12 and folate", "Vitamin D and adjusted calcium"],
    ),
    condition(
        code="radiculopathy", name="A trapped or irritated nerve in the neck or back (radiculopathy)",
        prevalence="common", do_not_miss=False,
        sources=["mayo-radiculopathy", "turner-talbot-2013", "ouh-cauda-equina"],
        summary="A nerve can be pressed on where it leaves the spine, often by a worn or bulging disc. "
        "This causes pain spreading from the neck into an arm, or from the back into a leg, often with "
        "numbness, tingling, weakness or twitching on that side. It is common, and doctors think of it "
        "when twitching comes with this kind of pain.",
        weights={
            "sym-radiating-pain": 3, "sym-numbness": 1, "sym-weakness": 1, "side-both": -2,
            "spread-moving": -2, "weak-rising": -2, "loc-tongue": -4, "sym-slurred-speech": -4,
            "sym-swallowing": -4,
        },
        self_care=[
            "See a GP, who can examine the nerve and advise on treatment.",
            "Call 999 or go to A&E if you get numbness between your legs or around your bottom, new "
            "problems controlling your bladder or bowels, or weakness in both legs.",
        ],
        questions=[
            "Neck or back pain radiating into one limb; dermatomal numbness or tingling",
            "Worse with movement, coughing or sneezing",
            "Saddle numbness, bladder or bowel change, symptoms in both legs",
        ],
        examination=[
            "Myotomal weakness, dermatomal sensory loss, reduced reflexes in the affected root",
            "UMN signs in the legs (cervical myelopathy is an MND mimic)",
        ],
        tests=["MRI of the relevant spine if persistent, progressive or red flags",
               "EMG/NCS if unclear"],
    ),
    condition(
        code="peripheral-neuropathy", name="Nerve damage in the hands or feet (peripheral neuropathy)",
        prevalence="common", do_not_miss=False,
        sources=["nhs-peripheral-neuropathy"],
        summary="Damage to the long nerves running to the hands and feet can cause numbness, tingling, "
        "burning pain and poor balance. When the nerves to the muscles are affected too, it can cause "
        "twitching, cramps and thinner muscles. About 1 in 10 people aged 55 or over have it, and "
        "diabetes is the most common cause in the UK.",
        weights={
            "sym-numbness": 3, "known-diabetes": 1, "loc-feet": 1, "sym-wasting": 1,
            "sym-vision-balance": 1, "side-one": -2, "loc-tongue": -4,
            "sym-slurred-speech": -4, "sym-swallowing": -4,
        },
        self_care=[
            "If you have diabetes, keep to your treatment plan and go to your foot checks.",
            "Check your feet every day for cuts or sores that you might not feel.",
        ],
        questions=[
            "Diabetes and its control, alcohol, B12, family history",
            "Glove-and-stocking numbness, burning pain, balance",
        ],
        examination=["Sensation (light touch, pinprick, vibration), ankle reflexes, distal wasting, feet"],
        tests=["HbA1c or glucose, B12, TSH, renal function, FBC",
               "NCS if atypical (asymmetric, motor-predominant or rapidly progressive)"],
    ),
    condition(
        code="als-mnd", name="Motor neurone disease (MND, including ALS)",
        prevalence="rare", do_not_miss=True,
        sources=["nice-ng42", "bmj-2022-mnd", "turner-talbot-2013", "mayo-als", "bmj-bp-als", "nhs-mnd"],
        summary="A rare condition in which the nerves that work the muscles slowly stop working. It "
        "causes weakness that gets worse over weeks to months, thinner muscles, and sometimes slurred "
        "speech or trouble swallowing. About 2 in every 100,000 people get it each year, mostly aged "
        "50 to 75. Twitching with normal strength and no other symptoms is very rarely caused by it.",
        weights={
            "weak-worse": 3, "weak-dropping": 1, "sym-wasting": 3, "sym-slurred-speech": 3,
            "sym-swallowing": 3, "loc-tongue": 3, "sym-stiffness": 1, "sym-breathless": 1,
            "age-under-18": -4, "age-18-39": -2, "sym-numbness": -2, "sym-bladder-bowel": -2,
            "sym-radiating-pain": -2, "course-better": -2,
        },
        self_care=[
            "If you notice weakness that is getting worse, a muscle getting thinner, or changes in "
            "speech, swallowing or breathing, see a doctor promptly for an examination.",
            "Write down what you can no longer do that you could before, such as turning a key or "
            "climbing stairs, and show your doctor.",
        ],
        questions=[
            "Progressive painless weakness: what can't they do now (buttons, keys, stairs, tripping)?",
            "Speech, swallowing, choking, weight loss",
            "Breathless lying flat, morning headache, daytime sleepiness",
            "Cognitive or behavioural change; family history of MND or dementia",
        ],
        examination=[
            "Wasting including tongue and 'split hand'; fasciculations",
            "Power (often asymmetric), tone, reflexes: brisk reflexes in a wasted limb = UMN + LMN",
            "Bulbar function (speech, tongue, jaw jerk)",
            "Sensation (expected normal)",
        ],
        tests=[
            "Progressive weakness or bulbar symptoms: urgent neurology referral (NICE NG42)",
            "EMG/NCS (sensory studies normal in ALS)",
            BASIC_BLOODS + " (to exclude mimics)",
            "MRI brain or spine for mimics, as advised by neurology",
        ],
    ),
    condition(
        code="sma-kennedy", name="Kennedy disease or adult spinal muscular atrophy",
        prevalence="rare", do_not_miss=False,
        sources=["genereviews-sbma", "medlineplus-twitching"],
        summary="Rare inherited conditions that weaken muscles slowly. Kennedy disease (spinal and "
        "bulbar muscular atrophy) affects only men, usually starting between 30 and 50 with cramps, "
        "twitching, trembling and slowly increasing weakness of the limbs, face and throat. Some men "
        "also notice breast growth.",
        weights={
            "sym-weakness": 1, "weak-worse": 1, "sym-wasting": 1, "sym-cramps": 1,
            "sym-slurred-speech": 1, "sym-swallowing": 1, "loc-tongue": 1, "sex-female": -5,
            "age-under-18": -2, "age-75-plus": -2,
        },
        self_care=["Tell your doctor if anyone in your family has had a similar muscle condition."],
        questions=["Family history (X-linked)",
                   "Gynaecomastia, tremor, cramps, slow bulbar and limb weakness"],
        examination=["Tongue and perioral fasciculations, reduced reflexes, proximal weakness, "
                     "gynaecomastia"],
        tests=["CK", "EMG/NCS", "Genetic testing through neurology"],
    ),
    condition(
        code="myopathy", name="Muscle disease (myopathy or muscular dystrophy)",
        prevalence="rare", do_not_miss=False,
        sources=["medlineplus-twitching", "turner-talbot-2013"],
        summary="Conditions of the muscle itself. They usually cause weakness of the shoulders and "
        "hips, such as trouble climbing stairs, getting up from a chair or lifting the arms. Twitching "
        "is not the main feature, and a blood test (CK) and specialist tests help to tell them apart.",
        weights={
            "sym-weakness": 1, "weak-worse": 1, "weak-both-legs": 1, "sym-wasting": 1,
            "sym-numbness": -2,
        },
        self_care=["See a GP if you have trouble climbing stairs, getting up from a low chair or "
                   "lifting your arms."],
        questions=["Proximal weakness, myalgia, dark urine, family history, statins"],
        examination=["Proximal power, wasting, reflexes"],
        tests=["CK (above 1000 suggests e.g. inclusion body myositis)", "TSH", "EMG; neurology referral"],
    ),
    condition(
        code="isaacs", name="Isaacs syndrome (neuromyotonia)",
        prevalence="rare", do_not_miss=True,
        sources=["msd-isaacs", "nord-neuromyotonia"],
        summary="A very rare condition in which overactive nerves make muscles ripple all the time, "
        "like 'a bag of worms', even during sleep. It also causes stiffness, cramps, heavy sweating and "
        "muscles that are slow to relax. It is often caused by the immune system and can be linked to "
        "a tumour, so it needs specialist tests.",
        weights={
            "len-rippling": 3, "sym-stiffness": 1, "len-flicker": -2,
        },
        self_care=["See a GP if your muscles ripple all the time or are slow to relax after gripping."],
        questions=[
            "Continuous rippling (myokymia), persisting in sleep",
            "Stiffness, cramps, excess sweating, slow relaxation of grip",
            "Symptoms of myasthenia; weight loss, smoking (tumour)",
        ],
        examination=["Visible myokymia, delayed relaxation, reduced reflexes"],
        tests=[
            "EMG/NCS (myokymic and neuromyotonic discharges)",
            "CASPR2 antibodies",
            "Chest imaging for thymoma if confirmed",
        ],
    ),
    condition(
        code="multiple-sclerosis", name="Multiple sclerosis (MS)",
        prevalence="uncommon", do_not_miss=True,
        sources=["nhs-ms-symptoms", "turner-talbot-2013"],
        summary="MS affects the brain and spinal cord. It can cause numbness, problems with eyesight "
        "or balance, muscle spasms or stiffness, and tiredness. Twitching on its own is not a typical "
        "sign of MS, so it is only worth thinking about when some of these other symptoms are there "
        "too.",
        weights={
            "sym-vision-balance": 3, "sym-stiffness": 1, "sym-bladder-bowel": 1, "sym-wasting": -2,
            "age-75-plus": -2,
        },
        self_care=["See your GP if you notice changes in your eyesight or balance, or numbness, as well "
                   "as twitching."],
        questions=[
            "Visual loss or pain on eye movement, double vision",
            "Sensory symptoms, balance, bladder symptoms, fatigue",
            "Previous episodes that got better",
        ],
        examination=["Visual acuity and fundi; UMN signs (spasticity, brisk reflexes, extensor "
                     "plantars); cerebellar signs"],
        tests=["Neurology referral; MRI brain and spine"],
    ),
    condition(
        code="dystonia", name="Dystonia",
        prevalence="uncommon", do_not_miss=False,
        sources=["nice-ng127", "nhs-twitching"],
        summary="In dystonia, muscles tighten by themselves for longer than a twitch and pull part of "
        "the body into a twisted or fixed position, such as the head turning to one side or the "
        "eyelids squeezing shut. It cannot be stopped by choice, and a specialist can usually treat "
        "it.",
        weights={"sym-posture": 5},
        self_care=["See a GP. Dystonia is treated by specialists, so you will usually need a referral."],
        questions=[
            "Sustained spasms or postures; tricks that relieve them",
            "Eyelid: forced closure (blepharospasm) or simple flicker; present more than 3 months?",
        ],
        examination=["Observe posture and sustained contractions; rest of neurological examination"],
        tests=["Refer to neurology (NICE NG127)"],
    ),
    condition(
        code="organophosphate-poisoning", name="Pesticide (organophosphate) poisoning",
        prevalence="rare", do_not_miss=True,
        sources=["hulse-2014"],
        summary="Some insecticides and farm chemicals block a chemical messenger between nerves and "
        "muscles. After contact, people can drool, have watery eyes, sweat heavily, be sick and have "
        "tiny pupils, and the muscles twitch and then become weak. Breathing can fail, so it is an "
        "emergency.",
        weights={"em-chemical": 3, "ctx-chemical": 3},
        self_care=[
            "If you have had contact with a pesticide and feel unwell, call 999 or go to A&E now.",
            "If it is safe to do so, take the container or its label with you.",
        ],
        questions=[
            "Substance, route, timing and amount of exposure; occupation",
            "Salivation, lacrimation, sweating, vomiting, small pupils; fasciculations then weakness",
        ],
        examination=["Airway, breathing (secretions, bronchospasm, respiratory muscle weakness), "
                     "pupils, heart rate, conscious level, neck flexion power"],
        tests=["Emergency assessment; cholinesterase levels",
               "Monitor respiratory function for delayed weakness"],
    ),
    condition(
        code="kidney-disease", name="Kidney disease",
        prevalence="uncommon", do_not_miss=False,
        sources=["medlineplus-twitching"],
        summary="When the kidneys are not working well, waste products and salts build up or fall in "
        "the blood, and this can make muscles twitch or cramp.",
        weights={"known-kidney": 3},
        self_care=[
            "Tell your kidney team or GP about the twitching. They may check your blood tests.",
            DO_NOT_STOP,
        ],
        questions=["Stage of kidney disease, dialysis, recent change in kidney function"],
        examination=["Fluid status; asterixis"],
        tests=["U&E, calcium, phosphate, magnesium, potassium"],
    ),
    condition(
        code="tick-paralysis", name="Tick paralysis",
        prevalence="rare", do_not_miss=True,
        sources=["statpearls-tick-paralysis"],
        summary="Rarely, a tick bite releases a poison that causes weakness starting in the legs and "
        "spreading upwards over hours to days. It can stop breathing, but removing the tick usually "
        "cures it.",
        weights={"ctx-tick-bite": 3, "weak-rising": 3, "em-ascending": 3, "weak-both-legs": 1},
        self_care=[
            "Check your skin, scalp and behind your ears for a tick that is still attached.",
            "If weakness is spreading up your body, call 999.",
        ],
        questions=["Outdoor exposure; tick found or removed, and when", "Speed of weakness; speech, "
                   "swallowing and breathing"],
        examination=["Full skin and scalp search for an attached tick",
                     "Ascending flaccid weakness, reflexes, respiratory function"],
        tests=["Emergency: respiratory monitoring (e.g. FVC)"],
    ),
    condition(
        code="cauda-equina", name="Cauda equina syndrome",
        prevalence="rare", do_not_miss=True,
        sources=["ouh-cauda-equina"],
        summary="A rare but serious problem in which the bundle of nerves at the bottom of the spine "
        "is squashed. Warning signs are numbness between the legs or around the bottom, new trouble "
        "passing urine or controlling the bladder or bowels, and weakness in both legs. It needs "
        "emergency treatment to prevent lasting damage.",
        weights={"em-cauda": 3, "sym-saddle-numbness": 3, "sym-bladder-bowel": 3, "weak-both-legs": 1},
        self_care=["Go to A&E straight away if you have any of these warning signs."],
        questions=["Saddle numbness, urinary retention or incontinence, bowel change, sexual "
                   "dysfunction, sciatica in both legs", "Back pain history"],
        examination=["Saddle sensation, lower-limb power, reflexes and sensation"],
        tests=["Emergency MRI of the lumbosacral spine"],
    ),
    condition(
        code="tetanus", name="Tetanus",
        prevalence="rare", do_not_miss=True,
        sources=["nhs-tetanus", "nhs-leg-cramps"],
        summary="A rare but serious infection that can follow a deep or dirty wound. It causes a stiff "
        "jaw, stiff muscles and painful spasms, usually starting 4 to 21 days after the injury. It is "
        "rare in the UK because most people are vaccinated.",
        weights={"ctx-wound": 5},
        self_care=[
            "Check with your GP surgery whether your tetanus vaccinations are up to date.",
            "Get medical advice about a deep or dirty wound, especially if you are not sure you are "
            "fully vaccinated.",
        ],
        questions=["Wound type and date; tetanus vaccination history",
                   "Stiff jaw, neck or back stiffness, spasms, trouble swallowing"],
        examination=["Trismus, rigidity, spasms; inspect the wound"],
        tests=["Clinical diagnosis: emergency admission if suspected",
               "Tetanus-prone wound: immunisation and immunoglobulin as per national guidance"],
    ),
]
# fmt: on

EMERGENCY = "Call 999 or go to A&E now."
URGENT = "Call your GP surgery today for an urgent appointment, or call NHS 111."
SOON = "Book an appointment with your GP in the next few days. If it gets worse before then, call NHS 111."
ROUTINE = (
    "Book an appointment with your GP. It does not need to be urgent, but do not ignore it. "
    "Get help sooner if you notice new weakness or other new symptoms."
)

# fmt: off
# code, urgency, findings (all must be given), sources, title, message (why it matters), action.
RED_FLAGS = [
    # Emergency: one for every answer on the "is it an emergency" screen, then the same dangers when
    # they only come out later in the questionnaire.
    ("severe-breathing-difficulty", "emergency", ["em-breathing"], ["nhs-shortness-of-breath"],
     "Severe difficulty breathing",
     "Struggling to breathe, or blue or grey lips, means your body may not be getting enough oxygen.",
     "Call 999 now."),
    ("choking-cannot-swallow", "emergency", ["em-choking"], ["nhs-shortness-of-breath", "nice-ng42"],
     "Choking, or unable to swallow or speak",
     "Choking or being unable to swallow or speak can block your airway.", "Call 999 now."),
    ("seizure", "emergency", ["em-seizure"], ["sfe-hypocalcaemia"], "A fit (seizure)",
     "A fit needs checking straight away. With twitching or cramps it can be caused by a very low "
     "calcium level, which needs treatment in hospital.", EMERGENCY),
    ("tetany-spasm", "emergency", ["em-tetany"], ["sfe-hypocalcaemia"],
     "Hands or feet locked in spasm, or a tight throat",
     "Spasms that lock the hands or feet, or a tight throat with noisy breathing, can be caused by "
     "very low calcium. This can affect breathing and the heart and needs treatment straight away.",
     EMERGENCY),
    ("chemical-poisoning-signs", "emergency", ["em-chemical"], ["hulse-2014"],
     "Signs of poisoning after contact with a chemical",
     "Twitching with drooling, sweating, being sick or tiny pupils after contact with a pesticide can "
     "mean poisoning. It can stop the breathing muscles working.",
     "Call 999 now. If it is safe, take the chemical's container or label with you."),
    ("chemical-with-cholinergic-signs", "emergency", ["ctx-chemical", "sym-drooling-sweating"],
     ["hulse-2014"], "Chemical contact with drooling, watery eyes or heavy sweating",
     "You had contact with a pesticide or other chemical and now have drooling, watery eyes or heavy "
     "sweating. Together with twitching, this can mean poisoning that can affect breathing.",
     "Call 999 now. If it is safe, take the chemical's container or label with you."),
    ("ascending-weakness", "emergency", ["em-ascending"], ["statpearls-tick-paralysis", "nice-ng42"],
     "Weakness spreading up the legs",
     "Weakness that climbs up the body over hours or days can reach the breathing muscles.",
     EMERGENCY),
    ("weakness-spreading-upwards", "emergency", ["weak-rising"], ["statpearls-tick-paralysis", "nice-ng42"],
     "Weakness spreading upwards over hours or days",
     "Weakness that climbs up the body over hours or days can reach the breathing muscles.",
     EMERGENCY),
    ("tick-bite-with-rising-weakness", "emergency", ["ctx-tick-bite", "weak-rising"],
     ["statpearls-tick-paralysis"], "Spreading weakness after a tick bite",
     "Rarely, a tick that is still attached releases a poison that causes weakness spreading up the "
     "body. It can affect breathing, and removing the tick usually cures it.",
     "Call 999 or go to A&E now. Tell them about the tick bite."),
    ("cauda-equina-signs", "emergency", ["em-cauda"], ["ouh-cauda-equina"],
     "Numbness between the legs with bladder or bowel problems",
     "These can be signs that the nerves at the bottom of the spine are being squashed (cauda equina "
     "syndrome). Quick treatment can prevent lasting damage.", EMERGENCY),
    ("saddle-numbness", "emergency", ["sym-saddle-numbness"], ["ouh-cauda-equina"],
     "Numbness between the legs or around the bottom",
     "Numbness in this area can be a sign that the nerves at the bottom of the spine are being "
     "squashed (cauda equina syndrome). Quick treatment can prevent lasting damage.", EMERGENCY),
    ("bladder-or-bowel-change", "emergency", ["sym-bladder-bowel"], ["ouh-cauda-equina"],
     "New problems controlling your bladder or bowels",
     "New bladder or bowel problems together with muscle symptoms can be a sign that the nerves at "
     "the bottom of the spine are being squashed (cauda equina syndrome). Quick treatment can prevent "
     "lasting damage.", EMERGENCY),
    ("back-pain-with-both-legs-weak", "emergency", ["sym-radiating-pain", "weak-both-legs"],
     ["ouh-cauda-equina"], "Nerve pain from the spine with weakness in both legs",
     "Pain spreading from the spine together with weakness in both legs can mean the nerves in the "
     "spine are being squashed. Quick treatment can prevent lasting damage.", EMERGENCY),
    ("wound-with-stiffness", "emergency", ["ctx-wound", "sym-stiffness"], ["nhs-tetanus"],
     "Stiff muscles after a deep or dirty wound",
     "Stiffness or spasms after a deep or dirty wound can be the start of tetanus, a rare but "
     "serious infection that can affect swallowing and breathing.",
     "Call 999 or go to A&E now. Tell them about the wound."),
    ("wound-with-swallowing-problems", "emergency", ["ctx-wound", "sym-swallowing"], ["nhs-tetanus"],
     "Trouble swallowing after a deep or dirty wound",
     "Trouble swallowing after a deep or dirty wound can be a sign of tetanus, a rare but serious "
     "infection that can also affect breathing.",
     "Call 999 or go to A&E now. Tell them about the wound."),
    # Urgent: get seen today.
    ("weakness-getting-worse", "urgent", ["weak-worse"], ["nice-ng42", "bmj-2022-mnd"],
     "Weakness that is getting worse",
     "Weakness that keeps getting worse over weeks or months needs a doctor to examine you soon, to "
     "find the cause. Most causes are not serious, but some need early treatment.", URGENT),
    ("muscle-wasting", "urgent", ["sym-wasting"], ["nice-ng42", "nice-ng127"],
     "A muscle getting thinner",
     "A muscle that looks thinner or smaller than before can mean the nerve to it is not working "
     "properly. It needs a doctor to examine you.", URGENT),
    ("slurred-speech", "urgent", ["sym-slurred-speech"], ["nice-ng42", "bmj-2022-mnd"],
     "Slurred speech",
     "Speech that has become slurred can be a sign that the nerves to the mouth and throat muscles "
     "are affected. It needs checking by a doctor today. If it started suddenly in the last few "
     "hours, or your face or arm is weak too, call 999.", URGENT),
    ("swallowing-problems", "urgent", ["sym-swallowing"], ["nice-ng42", "bmj-2022-mnd"],
     "Trouble swallowing",
     "Trouble swallowing can lead to choking or chest infections and can be a sign that the nerves "
     "to the throat muscles are affected.", URGENT),
    ("tongue-twitching", "urgent", ["loc-tongue"], ["nice-ng42", "turner-talbot-2013"],
     "Twitching of the tongue",
     "Twitching of the tongue is more often linked to a nerve problem than twitching elsewhere. A "
     "doctor should look at your tongue and check your speech and swallowing.", URGENT),
    ("breathlessness", "urgent", ["sym-breathless"], ["nice-ng42", "nhs-shortness-of-breath"],
     "Getting out of breath easily or when lying flat",
     "Breathlessness that has no clear cause, or that comes on when you lie flat, can mean the "
     "breathing muscles are weak, or a heart or lung problem. If you are struggling to breathe, call "
     "999.", URGENT),
    ("weakness-in-both-legs", "urgent", ["weak-both-legs"], ["ouh-cauda-equina", "nice-ng42"],
     "Weakness in both legs",
     "Weakness in both legs can come from a problem with the nerves in the spine or elsewhere, and "
     "needs a doctor to examine you today.",
     "Call NHS 111 or your GP surgery today. Go to A&E now if you also have back pain, numbness "
     "between your legs or around your bottom, or new bladder or bowel problems."),
    ("palpitations", "urgent", ["sym-palpitations"], ["nhs-shortness-of-breath"],
     "A racing, pounding or irregular heartbeat",
     "Palpitations with twitching can come from a salt imbalance in the blood or an overactive "
     "thyroid, which can affect the heart. Call 999 if you also have chest pain, feel faint or are "
     "very short of breath.", URGENT),
    ("diuretic-with-palpitations", "urgent", ["med-diuretic", "sym-palpitations"],
     ["medicinenet-hypokalaemia"], "Palpitations while taking water tablets",
     "Water tablets can lower potassium. Low potassium can cause twitching and cramps and can upset "
     "the heart rhythm. A blood test can check it.",
     "Call your GP surgery today or call NHS 111. Do not stop your water tablets yourself."),
    ("diuretic-with-weakness", "urgent", ["med-diuretic", "sym-weakness"], ["medicinenet-hypokalaemia"],
     "Muscle weakness while taking water tablets",
     "Water tablets can lower potassium, and very low potassium can cause muscle weakness that gets "
     "worse. A blood test can check it.",
     "Call your GP surgery today or call NHS 111. Do not stop your water tablets yourself."),
    ("long-cramp", "urgent", ["cramp-long"], ["nhs-leg-cramps"], "A cramp lasting more than 10 minutes",
     "Most cramps last seconds to minutes. A cramp that lasts longer than 10 minutes needs checking "
     "for an underlying cause.", URGENT),
    ("chemical-contact", "urgent", ["ctx-chemical"], ["nhs-leg-cramps", "hulse-2014"],
     "Twitching or cramps after contact with a chemical",
     "Some pesticides and chemicals affect the nerves and muscles, and problems can come on later. "
     "A doctor should check you today.",
     "Call NHS 111 or your GP surgery today and say which chemical it was. Call 999 if you start "
     "drooling, sweating heavily, being sick, or find it hard to breathe."),
    ("wound-with-cramps", "urgent", ["ctx-wound", "sym-cramps"], ["nhs-leg-cramps", "nhs-tetanus"],
     "Cramps after a deep or dirty wound",
     "Cramps or spasms after a deep or dirty wound can rarely be an early sign of tetanus.",
     "Call your GP surgery today or call NHS 111, and mention the wound. Call 999 if your jaw or "
     "muscles become stiff or you have trouble swallowing or breathing."),
    ("neck-surgery-with-tingling", "urgent", ["known-neck-surgery", "sym-tingling-lips"],
     ["sfe-hypocalcaemia"], "Tingling lips or fingers after a neck or thyroid operation",
     "After a thyroid or parathyroid operation, calcium can fall. Tingling around the mouth or in the "
     "fingertips is an early sign, and it can get worse quickly.",
     "Contact your surgical team, GP surgery or NHS 111 today for a calcium blood test. Call 999 if "
     "your hands or feet lock in spasm or your throat feels tight."),
    ("neck-surgery-with-cramps", "urgent", ["known-neck-surgery", "sym-cramps"], ["sfe-hypocalcaemia"],
     "Cramps after a neck or thyroid operation",
     "After a thyroid or parathyroid operation, calcium can fall. Cramps and twitching can be an "
     "early sign.",
     "Contact your surgical team, GP surgery or NHS 111 today for a calcium blood test. Call 999 if "
     "your hands or feet lock in spasm or your throat feels tight."),
    ("tingling-lips-with-cramps", "urgent", ["sym-tingling-lips", "sym-cramps"], ["sfe-hypocalcaemia"],
     "Tingling around the mouth or fingertips with cramps",
     "Tingling around the mouth or in the fingertips together with cramps can be a sign of low "
     "calcium, which can get worse.",
     "Call your GP surgery today or NHS 111 for a blood test. Call 999 if your hands or feet lock in "
     "spasm or your throat feels tight."),
    ("drooling-or-heavy-sweating", "urgent", ["sym-drooling-sweating"], ["hulse-2014", "msd-isaacs"],
     "Drooling, watery eyes or heavy sweating with twitching",
     "With twitching, this can be a sign of poisoning by some pesticides or chemicals, even if you "
     "did not notice the contact. It can also have other causes. A doctor should check you today.",
     "Call your GP surgery today or NHS 111. Call 999 if you find it hard to breathe or swallow."),
    # Soon: see a doctor within a few days.
    ("muscle-weakness", "soon", ["sym-weakness"], ["nhs-twitching", "nice-ng127"],
     "Weakness in a muscle",
     "Real weakness, such as not being able to grip, lift or climb stairs as before, should be "
     "checked by a doctor, who can examine your strength and reflexes.", SOON),
    ("tick-bite", "soon", ["ctx-tick-bite"], ["statpearls-tick-paralysis"], "A recent tick bite",
     "Rarely, a tick bite can cause weakness, so a doctor should check you. Check your skin, scalp "
     "and behind your ears for a tick that is still attached.",
     "Book to see your GP in the next few days. Call 999 if weakness starts spreading up your body."),
    ("recent-neck-surgery", "soon", ["known-neck-surgery"], ["sfe-hypocalcaemia"],
     "Twitching after a neck or thyroid operation",
     "After a thyroid or parathyroid operation, calcium can fall, which can cause twitching.",
     "Contact your surgical team or GP in the next few days for a calcium blood test. Get help the "
     "same day if your lips or fingers tingle."),
    ("diuretic-with-cramps", "soon", ["med-diuretic", "sym-cramps"],
     ["medicinenet-hypokalaemia", "rabbitt-2016-cramps"], "Cramps while taking water tablets",
     "Water tablets can lower potassium and magnesium, which can cause cramps and twitching. A blood "
     "test can check.", "Book to see your GP in the next few days. Do not stop your water tablets "
     "yourself."),
    ("diuretic-with-vomiting", "soon", ["med-diuretic", "ctx-vomiting"], ["medicinenet-hypokalaemia"],
     "Being sick or diarrhoea while taking water tablets",
     "Water tablets plus being sick or diarrhoea can lower potassium, which can cause twitching and "
     "affect the heart.", "Book to see your GP in the next few days, or sooner if you feel weak or "
     "your heartbeat feels irregular. Do not stop your water tablets yourself."),
    ("vomiting-with-cramps", "soon", ["ctx-vomiting", "sym-cramps"],
     ["medicinenet-hypokalaemia", "fpnotebook-hypomagnesaemia"],
     "Cramps after being sick or having diarrhoea",
     "Being sick or having diarrhoea can lower potassium and magnesium, which can cause cramps and "
     "twitching.", SOON),
    ("tingling-lips", "soon", ["sym-tingling-lips"], ["sfe-hypocalcaemia"],
     "Tingling around the mouth or in the fingertips",
     "This can be a sign of low calcium. A blood test can check it.",
     "Book to see your GP in the next few days. Call 999 if your hands or feet lock in spasm or your "
     "throat feels tight."),
    ("wound", "soon", ["ctx-wound"], ["nhs-tetanus"], "A deep or dirty wound",
     "Deep or dirty wounds can rarely lead to tetanus, especially if you are not fully vaccinated.",
     "Contact your GP surgery or a minor injuries unit in the next day or two, especially if you are "
     "not sure your tetanus vaccinations are up to date. Call 999 if your jaw or muscles get stiff."),
    ("eyesight-or-balance-change", "soon", ["sym-vision-balance"], ["nhs-ms-symptoms"],
     "Changes in eyesight or balance",
     "Changes in eyesight or balance together with muscle symptoms should be checked by a doctor.",
     "Book to see your GP in the next few days. If the change came on suddenly, call NHS 111 today."),
    # Routine: book a GP appointment.
    ("twitching-over-two-weeks", "routine", ["onset-months"], ["nhs-twitching"],
     "Twitching for more than 2 weeks",
     "Most twitches stop within a couple of weeks. If yours has lasted longer, a GP can check for a "
     "cause.", ROUTINE),
    ("twitching-over-three-months", "routine", ["onset-long"], ["nhs-twitching", "medlineplus-twitching"],
     "Twitching for more than 3 months",
     "Twitching that has gone on for months is usually harmless, but a GP should check it once.",
     ROUTINE),
    ("twitching-moves-around", "routine", ["spread-moving"], ["nhs-twitching"],
     "Twitching in more than one place",
     "Twitching that moves around the body is usually harmless, but a GP should check it.", ROUTINE),
    ("stiff-muscles", "routine", ["sym-stiffness"], ["nhs-twitching", "nice-ng127"], "Stiff muscles",
     "Stiffness together with twitching should be checked by a GP.", ROUTINE),
    ("new-medicine", "routine", ["ctx-new-medicine"], ["nhs-twitching", "medlineplus-twitching"],
     "Twitching that started with a new medicine",
     "Some medicines can cause twitching or cramps.",
     "Book to see your GP or ask your pharmacist. Do not stop a prescribed medicine yourself."),
    ("medicine-changed", "routine", ["med-changed-yes"], ["nhs-twitching", "medlineplus-twitching"],
     "A medicine started or changed in the last few weeks",
     "Some medicines can cause twitching or cramps, especially after starting them or changing the "
     "dose.",
     "Book to see your GP or ask your pharmacist. Do not stop a prescribed medicine yourself."),
    ("numbness-or-tingling", "routine", ["sym-numbness"], ["nhs-peripheral-neuropathy", "nhs-b12-folate"],
     "Numbness or tingling in the hands or feet",
     "Numbness or tingling can come from a nerve problem or a low vitamin B12 level. A GP can check "
     "with an examination and blood tests.", ROUTINE),
    ("weight-loss", "routine", ["sym-weight-loss"], ["nhs-overactive-thyroid"],
     "Losing weight without trying",
     "Losing weight without trying, with twitching, can be a sign of an overactive thyroid or another "
     "condition a GP should check.", ROUTINE),
    ("feeling-hot", "routine", ["sym-heat"], ["nhs-overactive-thyroid"],
     "Feeling hot or sweaty when others do not",
     "This, with twitching, can be a sign of an overactive thyroid. A blood test can check.", ROUTINE),
    ("known-thyroid-problem", "routine", ["known-thyroid"], ["nhs-overactive-thyroid"],
     "Twitching with a thyroid condition",
     "Thyroid levels that are too high can cause twitching. A blood test can check your levels.",
     ROUTINE),
    ("known-kidney-disease", "routine", ["known-kidney"], ["medlineplus-twitching"],
     "Twitching with kidney disease",
     "Kidney disease can upset the salts in your blood, which can cause twitching.",
     "Tell your kidney team or book to see your GP."),
    ("cramps-at-night", "routine", ["cramp-night"], ["nhs-leg-cramps"], "Cramps that wake you at night",
     "Cramps that disturb your sleep are worth checking with a GP.", ROUTINE),
    ("eyelid-twitch-over-three-months", "routine", ["loc-eyelid", "onset-long"], ["nice-ng127"],
     "Eyelid twitching for more than 3 months",
     "Eyelid twitching that has lasted more than 3 months, or that forces the eye shut, may need a "
     "specialist.", ROUTINE),
    ("continuous-rippling", "routine", ["len-rippling"], ["medlineplus-twitching", "msd-isaacs"],
     "Muscles rippling all the time",
     "Rippling that goes on continuously is different from ordinary twitches and should be checked "
     "by a GP.", ROUTINE),
    ("twisting-or-fixed-posture", "routine", ["sym-posture"], ["nice-ng127", "nhs-twitching"],
     "A muscle pulling into a fixed position",
     "Muscles pulling part of the body into a twisted or fixed position (dystonia) can usually be "
     "treated by a specialist.", "Book to see your GP, who can refer you."),
]
# fmt: on


def load_finding_codes() -> set[str]:
    questionnaire = json.loads((FIXTURES / "questionnaire.json").read_text())
    return {o["fields"]["code"] for o in questionnaire if o["model"] == "triage.finding"}


def check(findings: set[str]) -> None:
    """Fail loudly on anything the loader or the engine would get wrong quietly."""
    source_codes = [code for code, *_ in SOURCES]
    assert len(source_codes) == len(set(source_codes)), "duplicate source code"
    known_sources = set(source_codes)
    cited: set[str] = set()
    condition_codes = [c["code"] for c in CONDITIONS]
    assert len(condition_codes) == len(set(condition_codes)), "duplicate condition code"
    for c in CONDITIONS:
        assert c["prevalence"] in PREVALENCES, c["code"]
        assert c["sources"] and set(c["sources"]) <= known_sources, c["code"]
        cited.update(c["sources"])
        assert any(w > 0 for w in c["weights"].values()), f"{c['code']} can never be a candidate"
        for finding, weight in c["weights"].items():
            assert finding in findings, f"{c['code']}: unknown finding {finding}"
            assert weight != 0 and -5 <= weight <= 5, f"{c['code']}: bad weight for {finding}"
    flag_codes = [code for code, *_ in RED_FLAGS]
    assert len(flag_codes) == len(set(flag_codes)), "duplicate red flag code"
    for code, urgency, flag_findings, sources, *_ in RED_FLAGS:
        assert urgency in URGENCIES, code
        assert flag_findings and set(flag_findings) <= findings, f"{code}: unknown finding"
        assert sources and set(sources) <= known_sources, code
        cited.update(sources)
    emergency_screen = {f for f in findings if f.startswith("em-") and f != "em-none"}
    flagged = {fs[0] for _, urgency, fs, *_ in RED_FLAGS if urgency == "emergency" and len(fs) == 1}
    assert emergency_screen <= flagged, f"emergency answers without a flag: {emergency_screen - flagged}"
    assert cited == known_sources, f"sources never cited: {known_sources - cited}"


def lines(items: list[str]) -> str:
    return "\n".join(items)


def build() -> dict[str, list[dict]]:
    check(load_finding_codes())
    sources = [
        {
            "model": "triage.source",
            "fields": {
                "code": code,
                "title": title,
                "publisher": publisher,
                "url": url,
                "date_reviewed": None,
            },
        }
        for code, publisher, title, url in SOURCES
    ]
    conditions: list[dict] = []
    links: list[dict] = []
    for c in CONDITIONS:
        conditions.append(
            {
                "model": "triage.condition",
                "fields": {
                    "code": c["code"],
                    "name": c["name"],
                    "summary": c["summary"],
                    "prevalence": c["prevalence"],
                    "do_not_miss": c["do_not_miss"],
                    "self_care": lines(c["self_care"]),
                    "clinician_questions": lines(c["questions"]),
                    "clinician_examination": lines(c["examination"]),
                    "clinician_tests": lines(c["tests"]),
                    "sources": [[code] for code in c["sources"]],
                },
            }
        )
        links.extend(
            {
                "model": "triage.conditionfinding",
                "fields": {"condition": [c["code"]], "finding": [finding], "weight": weight},
            }
            for finding, weight in sorted(c["weights"].items(), key=lambda item: (-item[1], item[0]))
        )
    red_flags = [
        {
            "model": "triage.redflag",
            "fields": {
                "code": code,
                "title": title,
                "urgency": urgency,
                "message": message,
                "action": action,
                "findings": [[f] for f in flag_findings],
                "sources": [[s] for s in flag_sources],
            },
        }
        for code, urgency, flag_findings, flag_sources, title, message, action in RED_FLAGS
    ]
    return {"sources": sources, "conditions": conditions + links, "red_flags": red_flags}


def canonical(fixtures: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The order `manage.py export_knowledge` writes (triage/fixtures_io.py): objects by code,
    links by condition then finding, many-to-many lists sorted. Keeps the files byte-identical."""

    def key(item: dict) -> tuple:
        fields = item["fields"]
        return (
            item["model"] == "triage.conditionfinding",
            fields.get("code", ""),
            fields.get("condition"),
            fields.get("finding"),
        )

    out = {}
    for name, objects in fixtures.items():
        items = []
        for item in sorted(objects, key=key):
            fields = {k: sorted(v) if k in ("findings", "sources") else v for k, v in item["fields"].items()}
            items.append({**item, "fields": fields})
        out[name] = items
    return out


if __name__ == "__main__":
    for name, objects in canonical(build()).items():
        path = FIXTURES / f"{name}.json"
        path.write_text(json.dumps(objects, indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {path} ({len(objects)} objects)")
