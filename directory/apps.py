from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from directory import search, signals

        signals.connect()
        # SQLite's search index is rebuilt where it no longer matches the models.
        post_migrate.connect(search.repair_indexes, sender=self)
