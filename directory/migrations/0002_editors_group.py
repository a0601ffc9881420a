"""The "Editors" group: exactly what an editor needs to keep the directory up to date.

Editors add, change, delete and view the four kinds of entry and their sources, may edit
(but not create or delete) sectors, since the sector list shapes the public site's
navigation, and may view change history. They get nothing on users, groups, sessions,
content types or django-axes records: those stay with administrators.

The permission list is frozen here on purpose (a migration must not follow later code);
`setup_demo` reuses `grant_editor_permissions` to re-create a deleted group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Editors"

# model name -> permission actions, for the `directory` app.
EDITOR_PERMISSIONS = {
    "institution": ("add", "change", "delete", "view"),
    "hub": ("add", "change", "delete", "view"),
    "policy": ("add", "change", "delete", "view"),
    "challenge": ("add", "change", "delete", "view"),
    "source": ("add", "change", "delete", "view"),
    "sector": ("change", "view"),
    "historicalinstitution": ("view",),
    "historicalhub": ("view",),
    "historicalpolicy": ("view",),
    "historicalchallenge": ("view",),
    "historicalsector": ("view",),
}


def editor_codenames(permissions=EDITOR_PERMISSIONS):
    return [f"{action}_{model}" for model, actions in permissions.items() for action in actions]


def grant_editor_permissions(apps, using="default", permissions=EDITOR_PERMISSIONS):
    """Create the group if needed and add the editors' `permissions` to it (never removes
    any, so permissions granted by later migrations survive; a later migration passes its
    own). Returns the group."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # On a fresh database the permissions are normally created only after every migration
    # has run (post_migrate); create the directory app's now so they can be granted.
    app_config = apps.get_app_config("directory")
    had_models_module = getattr(app_config, "models_module", None)
    app_config.models_module = had_models_module or True
    try:
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
    finally:
        app_config.models_module = had_models_module
    codenames = editor_codenames(permissions)
    found = list(
        Permission.objects.using(using).filter(
            content_type__app_label="directory", codename__in=codenames
        )
    )
    missing = set(codenames) - {permission.codename for permission in found}
    if missing:
        raise RuntimeError(f"Permissions not found for the Editors group: {sorted(missing)}")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP_NAME)
    group.permissions.add(*found)
    return group


def create_group(apps, schema_editor):
    grant_editor_permissions(apps, using=schema_editor.connection.alias)


def remove_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
