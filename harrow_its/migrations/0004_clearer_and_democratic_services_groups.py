"""The roles added with clearance and Democratic Services, as Django groups."""

from django.db import migrations

ROLE_GROUPS = ["clearer", "democratic_services"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def delete_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLE_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [("harrow_its", "0003_audit_history")]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
