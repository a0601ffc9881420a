"""Two-step publishing: Editors draft, edit and moderate suggestions; Publishers do all that
and also publish and unpublish (`contributions.publish_entries`).

Publishers get every permission the Editors group has when this runs (directory migration
0002 made it), plus publishing. The lists are frozen here on purpose: a migration must not
follow later code. `demo_accounts` reuses `grant` to re-create a deleted group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
PUBLISHERS = "Publishers"
MODERATION = ("view_suggestion", "change_suggestion")
PUBLISHING = ("publish_entries",)


def _ensure_permissions(apps, using):
    """Permissions are normally created after all migrations (post_migrate); this one's
    groups need the contributions app's now."""
    app_config = apps.get_app_config("contributions")
    had_models_module = getattr(app_config, "models_module", None)
    app_config.models_module = had_models_module or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
    finally:
        app_config.models_module = had_models_module


def grant(apps, using="default"):
    """Create or complete both groups (never removes a permission). Returns them."""
    _ensure_permissions(apps, using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.using(using).filter(content_type__app_label="contributions")
    editors, _ = Group.objects.using(using).get_or_create(name=EDITORS)
    editors.permissions.add(*ours.filter(codename__in=MODERATION))
    publishers, _ = Group.objects.using(using).get_or_create(name=PUBLISHERS)
    publishers.permissions.add(
        *editors.permissions.all(), *ours.filter(codename__in=MODERATION + PUBLISHING)
    )
    return editors, publishers


def create_groups(apps, schema_editor):
    grant(apps, using=schema_editor.connection.alias)


def remove_publishers(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=PUBLISHERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("directory", "0002_editors_group"),
    ]

    operations = [migrations.RunPython(create_groups, remove_publishers)]
