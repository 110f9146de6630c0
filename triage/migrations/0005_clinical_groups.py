"""The two clinician groups, with permission to edit every knowledge model and view its history.

Neither group may manage users or groups. Publishing (Clinical lead only) and scenarios are granted
by the release migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KNOWLEDGE_MODELS = ["source", "step", "question", "finding", "condition", "conditionfinding", "redflag"]
GROUPS = ["Clinical editor", "Clinical lead"]


def codenames() -> list[str]:
    names = [f"{action}_{model}" for model in KNOWLEDGE_MODELS for action in ("add", "change", "delete", "view")]
    names += [f"view_historical{model}" for model in KNOWLEDGE_MODELS]
    return names


def create_groups(apps, schema_editor) -> None:
    # Permissions are normally made after all migrations have run; make them now so they can be granted.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="triage", codename__in=codenames()))
    missing = set(codenames()) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Permissions not found: {sorted(missing)}")
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor) -> None:
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0004_help_texts_and_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
