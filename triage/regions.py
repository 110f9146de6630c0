"""Regions: where the person is decides the emergency number, the urgent-advice service (where there
is one), the words for the family doctor and the emergency department, and the numbers to tap.

Pure (no database, no request). Knowledge texts and the site's own sentences never name a number or
a service; they carry the placeholders of /work/i18n-spec.md (`{emergency}`, `{urgent}`, `{ed}`,
`{gp}`, `{gp_surgery}`), which `fill` replaces with a region's words in a language. Every number is
checked against the official publisher cited in the region's `sources`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from django.conf import settings

from triage.regional_measures import MEASURE_PLACEHOLDERS, MEASURE_SOURCES, MEASURES

# The region whose words clinicians read when the deployment names none (TRIAGE_REGION): see
# `deployment_region`. The public is never given a region it did not choose (the region question,
# triage/questionnaire/regional.py, asks first).
DEFAULT_REGION = "gb"
ENGLISH = "en-gb"
LANGUAGES: tuple[str, ...] = (ENGLISH, "zh-hant")

# The placeholders a text may carry: the spec's services, then each region's measures and slogans
# (triage/regional_measures.py).
PLACEHOLDERS: tuple[str, ...] = ("emergency", "urgent", "ed", "gp", "gp_surgery", *MEASURE_PLACEHOLDERS)
# Only these names are replaced: "{other}" or a lone brace is left as it is.
PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
# Anything in braces that looks like a placeholder, known or not (the knowledge check's net).
ANY_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class RegionSource:
    title: str
    publisher: str
    url: str
    # The language it is published in (a BCP 47 tag, for the page's lang attribute).
    language: str = "en"


def frozen(words: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({language: MappingProxyType(dict(w)) for language, w in words.items()})


@dataclass(frozen=True)
class Region:
    code: str
    # The region's name in each language.
    name: Mapping[str, str]
    # The number to call in an emergency, as dialled, and its tap-to-call target.
    emergency_number: str
    emergency_tel: str
    # The words of each placeholder, per language.
    words: Mapping[str, Mapping[str, str]]
    sources: tuple[RegionSource, ...]
    # Where its measures and slogans come from (triage/regional_measures.py): listed with a result.
    measure_sources: tuple[RegionSource, ...] = ()
    # The national urgent-advice line, if the region has one: its number as written and its target.
    urgent_number: str = ""
    urgent_tel: str = ""
    # Words for the tap-to-call link to the urgent line ("Call NHS 111"), per language.
    urgent_call: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def name_in(self, language: str) -> str:
        return self.name.get(language) or self.name[ENGLISH]

    def words_in(self, language: str) -> Mapping[str, str]:
        return self.words.get(language) or self.words[ENGLISH]

    def urgent_call_in(self, language: str) -> str:
        return self.urgent_call.get(language) or self.urgent_call.get(ENGLISH, "")


NHS_999 = RegionSource(
    "When to call 999",
    "NHS",
    "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/",
)
NHS_111 = RegionSource(
    "When to use 111",
    "NHS",
    "https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-use-111/",
)

SERVICES: Mapping[str, Region] = MappingProxyType(
    {
        "gb": Region(
            code="gb",
            name=MappingProxyType({"en-gb": "United Kingdom", "zh-hant": "英國"}),
            emergency_number="999",
            emergency_tel="tel:999",
            urgent_number="111",
            urgent_tel="tel:111",
            urgent_call=MappingProxyType({"en-gb": "Call NHS 111", "zh-hant": "撥打 NHS 111"}),
            words=frozen(
                {
                    "en-gb": {
                        "emergency": "999",
                        "urgent": "NHS 111",
                        "ed": "A&E",
                        "gp": "GP",
                        "gp_surgery": "GP surgery",
                    },
                    "zh-hant": {
                        "emergency": "999",
                        "urgent": "NHS 111",
                        "ed": "急診（A&E）",
                        "gp": "家庭醫師（GP）",
                        "gp_surgery": "家庭醫師診所（GP surgery）",
                    },
                }
            ),
            sources=(NHS_999, NHS_111),
        ),
        "us": Region(
            code="us",
            name=MappingProxyType({"en-gb": "United States", "zh-hant": "美國"}),
            emergency_number="911",
            emergency_tel="tel:911",
            # No national urgent-advice line: the words point to care that can see the person today.
            words=frozen(
                {
                    "en-gb": {
                        "emergency": "911",
                        "urgent": "an urgent care clinic",
                        "ed": "the emergency room",
                        "gp": "primary care doctor",
                        "gp_surgery": "doctor's office",
                    },
                    "zh-hant": {
                        "emergency": "911",
                        "urgent": "當天可看診的急症診所（urgent care）",
                        "ed": "急診",
                        "gp": "家庭醫師",
                        "gp_surgery": "診所",
                    },
                }
            ),
            sources=(
                RegionSource(
                    "Know when to call 911",
                    "National 911 Program (U.S. Department of Transportation)",
                    "https://www.911.gov/",
                ),
            ),
        ),
        "tw": Region(
            code="tw",
            name=MappingProxyType({"en-gb": "Taiwan", "zh-hant": "臺灣"}),
            emergency_number="119",
            emergency_tel="tel:119",
            # No national phone-triage line (1922 is the CDC's epidemic line): same-day care is a
            # clinic or a hospital's outpatient clinic (門診), and the emergency department (急診)
            # after hours.
            words=frozen(
                {
                    "en-gb": {
                        "emergency": "119",
                        "urgent": (
                            "a clinic or hospital outpatient clinic that can see you today "
                            "(after hours, go to the emergency department)"
                        ),
                        "ed": "the emergency department",
                        "gp": "family doctor",
                        "gp_surgery": "clinic",
                    },
                    "zh-hant": {
                        "emergency": "119",
                        "urgent": "當天可看診的診所或醫院門診（夜間或假日請到急診）",
                        "ed": "急診",
                        # Texts see {gp} at a clinic ("掛號看{gp}門診"). Few people in Taiwan have a
                        # family doctor of their own; with twitching anyone may register at either
                        # department without a referral (docs/glossary-zh-hant.md).
                        "gp": "家醫科或神經內科",
                        "gp_surgery": "診所",
                    },
                }
            ),
            sources=(
                RegionSource(
                    "報案要領", "內政部消防署", "https://www.nfa.gov.tw/pro/index.php?code=list&ids=68"
                ),
            ),
        ),
        "au": Region(
            code="au",
            name=MappingProxyType({"en-gb": "Australia", "zh-hant": "澳洲"}),
            emergency_number="000",
            emergency_tel="tel:000",
            # 1800MEDICARE, the national nurse line since 1 January 2026: nurses triage and can put the
            # caller through to a free after-hours GP. It replaced healthdirect's 1800 022 222.
            urgent_number="1800 633 422",
            urgent_tel="tel:1800633422",
            urgent_call=MappingProxyType({"en-gb": "Call 1800MEDICARE", "zh-hant": "撥打 1800MEDICARE"}),
            words=frozen(
                {
                    "en-gb": {
                        "emergency": "000",
                        "urgent": "1800MEDICARE on 1800 633 422",
                        "ed": "the emergency department",
                        "gp": "GP",
                        "gp_surgery": "GP clinic",
                    },
                    "zh-hant": {
                        "emergency": "000",
                        "urgent": "1800MEDICARE（1800 633 422）",
                        "ed": "急診",
                        "gp": "家庭醫師（GP）",
                        "gp_surgery": "家庭醫師診所（GP clinic）",
                    },
                }
            ),
            sources=(
                # [AU-1800] in the clinical reference, which names health.gov.au and medicare.gov.au
                # as the primary publishers: link their 1800MEDICARE page here once confirmed.
                RegionSource(
                    "1800MEDICARE launches, replacing healthdirect",
                    "medicine.com.au",
                    "https://www.medicine.com.au/1800medicare-launch-replacing-healthdirect",
                ),
                RegionSource(
                    "Emergency call service FAQ",
                    "Australian Communications and Media Authority",
                    "https://www.acma.gov.au/theACMA/emergency-call-service-faq-i-acma",
                ),
            ),
        ),
        "elsewhere": Region(
            code="elsewhere",
            name=MappingProxyType({"en-gb": "Elsewhere", "zh-hant": "其他地區"}),
            # 112 reaches the emergency services across the EU and on most mobile networks.
            emergency_number="112",
            emergency_tel="tel:112",
            words=frozen(
                {
                    "en-gb": {
                        "emergency": "112 or your local emergency number",
                        "urgent": "a local doctor or clinic that can see you today",
                        "ed": "the emergency department",
                        "gp": "family doctor",
                        "gp_surgery": "doctor's practice",
                    },
                    "zh-hant": {
                        "emergency": "112 或當地的緊急電話",
                        "urgent": "當地當天可看診的醫師或診所",
                        "ed": "急診",
                        "gp": "家庭醫師",
                        "gp_surgery": "診所",
                    },
                }
            ),
            sources=(
                RegionSource(
                    "112 Day raises awareness on EU emergency number",
                    "European Commission",
                    "https://digital-strategy.ec.europa.eu/en/news/112-day-raises-awareness-eu-emergency-number",
                ),
            ),
        ),
    }
)


def with_measures(region: Region) -> Region:
    """The region with its measures' words added to its placeholders' and their sources."""
    words = {
        language: {**region.words[language], **MEASURES[region.code][language]} for language in region.words
    }
    sources = tuple(RegionSource(*source) for source in MEASURE_SOURCES[region.code])
    return replace(region, words=frozen(words), measure_sources=sources)


REGIONS: Mapping[str, Region] = MappingProxyType({code: with_measures(r) for code, r in SERVICES.items()})


def get_region(code: str | None) -> Region | None:
    """The region of this code, or None for a code we do not know."""
    return REGIONS.get(code or "")


# What a browser's language tag says about where the person is: its country (the tag's region
# subtag, as in en-US), or Traditional Chinese with no country, which is mostly Taiwan's.
REGION_OF_COUNTRY: Mapping[str, str] = MappingProxyType({"gb": "gb", "us": "us", "au": "au", "tw": "tw"})
REGION_OF_SCRIPT: Mapping[str, str] = MappingProxyType({"hant": "tw"})


def region_from_language_tags(tags: Iterable[str]) -> Region | None:
    """The region a browser's languages suggest, most preferred first, or None.

    The first tag that says more than a language decides: en-US suggests the United States, but
    en-NZ or zh-Hans suggest nothing even when en-US comes after them, as the person is more likely
    somewhere else. A bare language ("en", "zh") is passed over. Only ever a suggestion that the
    person confirms: a browser's language is not where its owner is."""
    for tag in tags:
        subtags = tag.lower().replace("_", "-").split("-")[1:]
        country = next(
            (s for s in subtags if (len(s) == 2 and s.isalpha()) or (len(s) == 3 and s.isdigit())), ""
        )
        script = next((s for s in subtags if len(s) == 4 and s.isalpha()), "")
        if country:
            return get_region(REGION_OF_COUNTRY.get(country))
        if script:
            return get_region(REGION_OF_SCRIPT.get(script))
    return None


def fill(text: str, region: Region, language: str = ENGLISH) -> str:
    """`text` with each known placeholder replaced by the region's words in `language`."""
    if "{" not in text:
        return text
    words = region.words_in(language)
    return PLACEHOLDER.sub(lambda found: words[found.group(1)], text)


def fill_data(data: Any, region: Region, language: str = ENGLISH) -> Any:
    """The same over saved data (a result as JSON stores it): every string in nested dicts and lists
    filled, in a copy; the data itself is left as it is. (Walking the data is twice as quick as
    filling its JSON text and decoding that again.)"""
    if isinstance(data, str):
        return fill(data, region, language)
    if isinstance(data, dict):
        return {key: fill_data(value, region, language) for key, value in data.items()}
    if isinstance(data, list):
        return [fill_data(item, region, language) for item in data]
    return data


def unknown_placeholders(text: str) -> list[str]:
    """Names in braces that are not placeholders, such as a misspelt "{emergancy}"."""
    return [name for name in ANY_PLACEHOLDER.findall(text) if name not in PLACEHOLDERS]


# A number or a service of one region written out in a text that every region reads.
LITERAL_SERVICE = re.compile(
    r"\b(?:999|111|NHS|GP surgery|GPs?"
    r"|[Mm]inor injuries units?|[Uu]rgent treatment centres?|[Ww]alk-in centres?)\b|A&E"
)


def literal_services(text: str) -> list[str]:
    return LITERAL_SERVICE.findall(text)


def deployment_region() -> Region:
    """The deployment's region (TRIAGE_REGION), else the United Kingdom: the words clinicians read
    in the admin, the scenario runner and the FHIR questionnaire, which are for no one person."""
    return REGIONS[settings.TRIAGE_REGION or DEFAULT_REGION]
