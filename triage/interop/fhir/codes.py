"""What the FHIR resources share: the URIs made under the base, our codings and the standard
extensions, and the knowledge's translations as the standard translation extension.

Pure, like the rest of `triage.interop.fhir`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils import translation
from django.utils.functional import Promise
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.fhirprimitiveextension import FHIRPrimitiveExtension

from triage import engine
from triage.knowledge.languages import key
from triage.regions import ENGLISH, deployment_region, fill
from triage.vocabulary import Tier, Urgency

# What each code system under the base holds.
FINDING, CONDITION, RED_FLAG, URGENCY, TIER = "finding", "condition", "red-flag", "urgency", "tier"
# The codes of our own Observations, the questionnaire's canonical URL and assessments' identifiers.
RESULT, QUESTIONNAIRE, ASSESSMENT = "result", "questionnaire", "assessment"

OPTION_EXCLUSIVE = "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
ITEM_CONTROL_CODES = "http://hl7.org/fhir/questionnaire-item-control"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
LANGUAGE = "en-GB"


def uri(base: str, kind: str) -> str:
    """One URI under the base: `urn:twitch-triage` gives `urn:twitch-triage:finding`, an https base
    gives `https://…/finding`."""
    return f"{base}{':' if base.startswith('urn:') else '/'}{kind}"


def step_link_id(code: str) -> str:
    # Codes cannot hold a colon (the models' code validator), so a step's group never shares a
    # linkId with a question: a step and a question may both be called "location".
    return f"step:{code}"


def coding(base: str, kind: str, code: str, display: str | None = None) -> Coding:
    return Coding(system=uri(base, kind), code=code, display=display)


def concept(base: str, kind: str, code: str, display: str) -> CodeableConcept:
    return CodeableConcept(coding=[coding(base, kind, code, display)], text=display)


def in_english(words: str | Promise) -> str:
    """A code's display is in the resources' language (LANGUAGE), whatever language the page is in."""
    with translation.override(ENGLISH):
        return str(words)


def urgency_concept(base: str, urgency: str) -> CodeableConcept:
    return concept(base, URGENCY, urgency, in_english(Urgency(urgency).label))


def tier_concept(base: str, tier: str) -> CodeableConcept:
    return concept(base, TIER, tier, in_english(Tier(tier).label))


# Translations -----------------------------------------------------------------------------------


def language_tag(language: str) -> str:
    """Django's language code as a BCP 47 tag, as FHIR's `lang` takes it: "zh-hant" → "zh-Hant"."""
    first, *rest = language.split("-")
    return "-".join([first, *(part.title() if len(part) == 4 else part.upper() for part in rest)])


# A text made of several knowledge texts is joined the way each language writes it.
SEPARATORS = {"zh-hant": "："}


def localised(
    knowledge: engine.Knowledge, parts: Iterable[tuple[str, str, str, str]], *, join: str = ": "
) -> tuple[str, dict[str, str]]:
    """A text made of `parts` (kind, code, field, English text): in English, and by language in each
    language that translates at least one part (an untranslated part stays in English, as on the
    pages). A questionnaire is not for one region, so placeholders such as `{emergency}` take the
    deployment's region's words, as in the admin."""
    parts = list(parts)
    region = deployment_region()
    english = fill(join.join(text for *_, text in parts), region)
    others = {}
    for language, texts in sorted(knowledge.translations.items()):
        found = [texts.get(key(kind, code, field)) for kind, code, field, _ in parts]
        if any(found):
            words = [text or part[3] for text, part in zip(found, parts, strict=True)]
            others[language] = fill(SEPARATORS.get(language, join).join(words), region, language)
    return english, others


def translation_extension(texts: Mapping[str, str]) -> FHIRPrimitiveExtension | None:
    """The standard translation extension for a string's `_text` or `_display`, one per language."""
    if not texts:
        return None
    return FHIRPrimitiveExtension(
        extension=[
            Extension(
                url=TRANSLATION,
                extension=[
                    Extension(url="lang", valueCode=language_tag(language)),
                    Extension(url="content", valueString=text),
                ],
            )
            for language, text in texts.items()
        ]
    )
