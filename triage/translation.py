"""Which knowledge texts are translated (django-modeltranslation).

Each field listed here gets a column per language (`name_en_gb`, `name_zh_hant`, …). English is the
source: the draft's engine snapshot is built from it, and every other language travels beside it in
the snapshot's `translations` (triage/knowledge/translations.py). Source titles are not translated:
they are the titles of the publications cited.
"""

from typing import get_args

from modeltranslation.translator import TranslationOptions, register

from triage import models
from triage.knowledge_types import TRANSLATED

type TranslatedModel = (
    models.Step | models.Question | models.Finding | models.SelfCareAdvice | models.Condition | models.RedFlag
)

# The list itself is the engine's (knowledge_types.TRANSLATED), by the kind each model is named by.
_FIELDS_OF_KIND = dict(TRANSLATED.values())
TRANSLATED_FIELDS: dict[type[TranslatedModel], tuple[str, ...]] = {
    model: _FIELDS_OF_KIND[model._meta.model_name] for model in get_args(TranslatedModel.__value__)
}


def _options(names: tuple[str, ...]) -> type[TranslationOptions]:
    return type("Options", (TranslationOptions,), {"fields": names, "required_languages": ("en-gb",)})


for _model, _names in TRANSLATED_FIELDS.items():
    register(_model)(_options(_names))
    # The audit history records every language's texts too: simple-history copies each column of
    # the model into its historical model, which must therefore have the same columns.
    register(_model.history.model)(_options(_names))
