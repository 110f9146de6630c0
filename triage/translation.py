"""Which knowledge texts are translated (django-modeltranslation).

Each field listed here gets a column per language (`name_en_gb`, `name_zh_hant`, …). English is the
source: the draft's engine snapshot is built from it, and every other language travels beside it in
the snapshot's `translations` (triage/knowledge/translations.py). Source titles are not translated:
they are the titles of the publications cited.
"""

from modeltranslation.translator import TranslationOptions, register

from triage import models

type TranslatedModel = (
    models.Step | models.Question | models.Finding | models.SelfCareAdvice | models.Condition | models.RedFlag
)

TRANSLATED_FIELDS: dict[type[TranslatedModel], tuple[str, ...]] = {
    models.Step: ("title", "intro"),
    models.Question: ("text", "help_text"),
    models.Finding: ("label", "help_text", "if_not_chosen", "if_chosen", "heading"),
    models.SelfCareAdvice: ("text",),
    models.Condition: ("name", "summary", "clinician_questions", "clinician_examination", "clinician_tests"),
    models.RedFlag: ("title", "message", "action"),
}


def _options(names: tuple[str, ...]) -> type[TranslationOptions]:
    return type("Options", (TranslationOptions,), {"fields": names, "required_languages": ("en-gb",)})


for _model, _names in TRANSLATED_FIELDS.items():
    register(_model)(_options(_names))
    # The audit history records every language's texts too: simple-history copies each column of
    # the model into its historical model, which must therefore have the same columns.
    register(_model.history.model)(_options(_names))
