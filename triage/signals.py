"""Any change to the knowledge moves the knowledge revision, so every process rebuilds its snapshot."""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from triage import models

KNOWLEDGE_MODELS = (
    models.Source,
    models.Step,
    models.Question,
    models.Finding,
    models.Condition,
    models.ConditionFinding,
    models.RedFlag,
)


def bump_revision(**kwargs) -> None:
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    updated = models.KnowledgeState.objects.filter(pk=1).update(revision=F("revision") + 1)
    if not updated:
        models.KnowledgeState.objects.create(pk=1, revision=1)


for model in KNOWLEDGE_MODELS:
    post_save.connect(bump_revision, sender=model, dispatch_uid=f"bump-save-{model.__name__}")
    post_delete.connect(bump_revision, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")

for through in (
    models.Question.show_when.through,
    models.Condition.sources.through,
    models.RedFlag.findings.through,
    models.RedFlag.sources.through,
):
    m2m_changed.connect(bump_revision, sender=through, dispatch_uid=f"bump-m2m-{through.__name__}")
