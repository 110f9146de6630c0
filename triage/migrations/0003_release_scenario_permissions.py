"""Gives the clinical groups their permissions on releases, scenarios and assessments.

Part of the roles set-up: "Clinical editor" edits scenarios and can look at releases and saved
assessments; "Clinical lead" can also publish and roll back. The groups are got or created here so
this works whichever migration creates them first; the knowledge-model permissions are granted
elsewhere.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Clinical editor"
LEAD = "Clinical lead"
EDITOR_PERMISSIONS = [
    ("scenario", "add_scenario"),
    ("scenario", "change_scenario"),
    ("scenario", "delete_scenario"),
    ("scenario", "view_scenario"),
    ("release", "view_release"),
    ("assessment", "view_assessment"),
]
LEAD_PERMISSIONS = EDITOR_PERMISSIONS + [("release", "publish_release")]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now so they can be granted.
    app_config = apps.get_app_config("triage")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, wanted in ((EDITOR, EDITOR_PERMISSIONS), (LEAD, LEAD_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="triage", content_type__model=model, codename=codename)
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, wanted in ((EDITOR, EDITOR_PERMISSIONS), (LEAD, LEAD_PERMISSIONS)):
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, codename in wanted:
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label="triage", content_type__model=model, codename=codename
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("triage", "0002_release_scenario"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
