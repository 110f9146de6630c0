"""The medicine dictionary in the admin: medicines a person can find by name on the medicines step,
their names in each region, and the kinds of medicine (answer options) each stands for. A draft page
like every other knowledge page (`triage.admin.knowledge.KnowledgeAdmin`).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.translation import gettext_lazy as _

from triage import models
from triage.admin.forms import KnowledgeForm
from triage.admin.knowledge import KnowledgeAdmin


class MedicineForm(KnowledgeForm):
    class Meta:
        model = models.Medicine
        fields = "__all__"
        # The kinds of medicine a person can tick are few: all in view, each with a box.
        widgets = {"findings": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # All of them answer the same question: its text after each would only repeat it.
        # A ModelMultipleChoiceField, which has the method; the form's fields are typed as any Field.
        self.fields["findings"].label_from_instance = lambda finding: finding.label  # type: ignore[attr-defined]


@admin.register(models.Medicine)
class MedicineAdmin(KnowledgeAdmin):
    """Medicines a person can find by name on the medicines step, with the answers each stands for."""

    form = MedicineForm
    list_display = ["name", "stands_for", "names_gb", "names_tw", "code"]
    search_fields = ["name", "names_gb", "names_us", "names_tw", "names_au", "code"]
    ordering = ["name"]
    autocomplete_fields = ["sources"]
    fieldsets = [
        (None, {"fields": ["name", "code"]}),
        (
            _("Other names"),
            {
                "fields": ["names_gb", "names_us", "names_tw", "names_au"],
                "description": _(
                    "A person finds the medicine by any of these names, whatever their accents or "
                    "capital letters."
                ),
            },
        ),
        (_("What picking it answers"), {"fields": ["findings"]}),
        (_("Sources"), {"fields": ["sources"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("findings")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "findings" and isinstance(field.widget, RelatedFieldWidgetWrapper):
            # A new kind of medicine is a new answer to its question, written on the question's page.
            field.widget.can_add_related = False
        return field

    @admin.display(description=_("stands for"))
    def stands_for(self, obj: models.Medicine) -> str:
        return "; ".join(f.label for f in obj.findings.all()) or "—"
