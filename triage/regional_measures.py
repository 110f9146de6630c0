"""Each region's own measures and slogans, as the words of two placeholders that knowledge texts carry.

`{alcohol_limit}`: the region's guidance on how much alcohol is low risk, in its own measure (UK
units, Australian standard drinks of 10 g, US standard drinks of 14 g, Taiwan's units of 10 g). The
texts read "Keep to no more than {alcohol_limit}, ..." and "For example, more than {alcohol_limit}.",
so each region's words are a phrase that fits after "no more than" and "more than".

`{stroke_check}`: the region's way of remembering the signs of a stroke, ending with the number to
call (a placeholder is never inside another, so the number is written here): FAST in English,
「微笑、舉手、說你好」 in Taiwan.

Pure (no database, no request): `triage.regions` adds these words to each region's placeholders,
and these sources to the region's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MEASURE_PLACEHOLDERS: tuple[str, ...] = ("alcohol_limit", "stroke_check")

# (title, publisher, web address, language) of what each region's words say.
Source = tuple[str, str, str, str]

NHS_UNITS: Source = (
    "Alcohol units",
    "NHS",
    "https://www.nhs.uk/live-well/alcohol-advice/calculating-alcohol-units/",
    "en",
)
NHS_STROKE: Source = ("Stroke: symptoms", "NHS", "https://www.nhs.uk/conditions/stroke/symptoms/", "en")

UK_FAST = {
    "en-gb": "Think FAST: Face, Arms, Speech, Time to call {number}.",
    "zh-hant": "記住「FAST」：臉（Face）、手臂（Arms）、說話（Speech）、時間（Time）：立刻撥打 {number}。",
}


def fast(number: str) -> dict[str, str]:
    return {language: text.format(number=number) for language, text in UK_FAST.items()}


MEASURES: Mapping[str, Mapping[str, Mapping[str, str]]] = MappingProxyType(
    {
        "gb": {
            "en-gb": {
                "alcohol_limit": (
                    "14 units of alcohol a week (about 6 pints of beer or 6 medium glasses of wine)"
                ),
                "stroke_check": fast("999")["en-gb"],
            },
            "zh-hant": {
                "alcohol_limit": (
                    "每週 14 個酒精單位（英國的算法，約 112 公克純酒精，大約 6 品脫啤酒或 6 杯中杯葡萄酒）"
                ),
                "stroke_check": fast("999")["zh-hant"],
            },
        },
        "us": {
            "en-gb": {
                "alcohol_limit": (
                    "14 drinks a week (4 on any one day) for a man, or 7 a week (3 on any one day) for a "
                    "woman, where a standard drink holds 14 g of alcohol (a 12-ounce beer or a 5-ounce "
                    "glass of wine)"
                ),
                "stroke_check": fast("911")["en-gb"],
            },
            "zh-hant": {
                "alcohol_limit": (
                    "男性每週 14 杯（任何一天 4 杯）、女性每週 7 杯（任何一天 3 杯），"
                    "1 杯標準酒含 14 公克酒精（約 12 盎司啤酒或 5 盎司葡萄酒）"
                ),
                "stroke_check": fast("911")["zh-hant"],
            },
        },
        "au": {
            "en-gb": {
                "alcohol_limit": (
                    "10 standard drinks a week (4 on any one day), "
                    "where a standard drink holds 10 g of alcohol"
                ),
                "stroke_check": fast("000")["en-gb"],
            },
            "zh-hant": {
                "alcohol_limit": "每週 10 個標準杯（任何一天 4 個），1 個標準杯含 10 公克酒精",
                "stroke_check": fast("000")["zh-hant"],
            },
        },
        "tw": {
            "en-gb": {
                "alcohol_limit": (
                    "2 units a day for a man or 1 for a woman, where one unit is 10 g of alcohol"
                ),
                "stroke_check": (
                    "Remember 微笑、舉手、說你好: ask the person to smile, raise both arms and say a "
                    "sentence, note the time, and call 119."
                ),
            },
            "zh-hant": {
                "alcohol_limit": "男性每天 2 個單位、女性每天 1 個單位（1 單位是 10 公克純酒精）",
                "stroke_check": "記住「微笑、舉手、說你好，記下時間快送醫」：立刻撥打 119。",
            },
        },
        "elsewhere": {
            "en-gb": {
                "alcohol_limit": (
                    "112 g of alcohol a week (the UK's 14 units; about six 175 ml glasses of wine)"
                ),
                "stroke_check": (
                    "Think FAST: Face, Arms, Speech, Time to call 112 or your local emergency number."
                ),
            },
            "zh-hant": {
                "alcohol_limit": "每週 112 公克純酒精（英國的 14 個酒精單位，大約 6 杯 175 毫升的葡萄酒）",
                "stroke_check": (
                    "記住「FAST」：臉（Face）、手臂（Arms）、說話（Speech）、時間（Time）："
                    "立刻撥打 112 或當地的緊急電話。"
                ),
            },
        },
    }
)

MEASURE_SOURCES: Mapping[str, tuple[Source, ...]] = MappingProxyType(
    {
        "gb": (NHS_UNITS, NHS_STROKE),
        "us": (
            (
                "What's low-risk drinking? (Rethinking Drinking)",
                "National Institute on Alcohol Abuse and Alcoholism (NIH)",
                "https://www.rethinkingdrinking.niaaa.nih.gov/",
                "en",
            ),
            ("Signs and symptoms of stroke", "CDC", "https://www.cdc.gov/stroke/signs-symptoms/", "en"),
        ),
        "au": (
            (
                "Australian guidelines to reduce health risks from drinking alcohol",
                "National Health and Medical Research Council",
                "https://www.nhmrc.gov.au/health-advice/alcohol",
                "en",
            ),
            ("Signs of stroke (F.A.S.T.)", "Stroke Foundation", "https://strokefoundation.org.au/", "en"),
        ),
        "tw": (
            (
                "「男2女1」飲酒原則：1 單位等於 10 公克純酒精（衛生福利部心理健康司，CTWANT 報導）",
                "衛生福利部",
                "https://www.ctwant.com/article/269812",
                "zh-Hant",
            ),
            (
                "腦中風辨識：嘴角上揚、手臂平舉、言語狀況（緊急救護訓練教材）",
                "內政部消防署",
                "https://ebook.nfa.gov.tw/1101220/files/basic-html/page63.html",
                "zh-Hant",
            ),
        ),
        "elsewhere": (NHS_UNITS,),
    }
)
