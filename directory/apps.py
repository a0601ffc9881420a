from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory")

    def ready(self):
        from directory import signals

        signals.connect()
        post_migrate.connect(self.repair_search_indexes, sender=self)

    def repair_search_indexes(self, using=DEFAULT_DB_ALIAS, **kwargs):
        """SQLite's search index is rebuilt where it no longer matches the models."""
        from directory.models import ENTRY_MODELS
        from directory.search import sqlite_fts

        sqlite_fts.repair_indexes(ENTRY_MODELS, using)
