"""Every change to the directory retires the cached public pages (directory/cache.py).

Connected for every model of the app, the history tables and M2M link tables included, so a
model added later is covered without anyone remembering to list it here.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from directory.cache import invalidate_pages

DISPATCH_PREFIX = "directory.page_cache"


def _invalidate(sender, **kwargs):
    invalidate_pages()


def _invalidate_on_link_change(sender, action, **kwargs):
    if action.startswith("post_"):
        invalidate_pages()


def connect():
    for model in apps.get_app_config("directory").get_models(include_auto_created=True):
        uid = f"{DISPATCH_PREFIX}.{model._meta.label_lower}"
        post_save.connect(_invalidate, sender=model, dispatch_uid=uid)
        post_delete.connect(_invalidate, sender=model, dispatch_uid=uid)
        m2m_changed.connect(_invalidate_on_link_change, sender=model, dispatch_uid=uid)
