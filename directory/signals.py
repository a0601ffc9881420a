"""Every change to the directory retires the cached public pages (directory/cache.py).

Connected for every model of the app, the history tables and M2M link tables included, so a
model added later is covered without anyone remembering to list it here. Changes to an
entry's sectors also update its sector_mask (directory/models.py, refresh_sector_masks).
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


def _refresh_masks_on_link_change(sender, instance, action, reverse, pk_set, **kwargs):
    """An entry's sectors changed: its sector_mask follows (from either side of the link)."""
    if not action.startswith("post_"):
        return
    from directory.models import ENTRY_MODELS, refresh_sector_masks

    model = next(model for model in ENTRY_MODELS if model.sectors.through is sender)
    if not reverse:
        refresh_sector_masks(model, [instance.pk])
    else:  # a sector's entries changed: those named, or all of them (clear)
        refresh_sector_masks(model, None if pk_set is None else list(pk_set))


def _refresh_masks_on_sector_delete(sender, instance, **kwargs):
    """A deleted sector's links went with it, without m2m_changed: every mask is redone
    (sectors are deleted rarely, and its key may be given to a new one)."""
    from directory.models import ENTRY_MODELS, refresh_sector_masks

    for model in ENTRY_MODELS:
        refresh_sector_masks(model)


def connect():
    from directory.models import ENTRY_MODELS, Sector

    for model in apps.get_app_config("directory").get_models(include_auto_created=True):
        uid = f"{DISPATCH_PREFIX}.{model._meta.label_lower}"
        post_save.connect(_invalidate, sender=model, dispatch_uid=uid)
        post_delete.connect(_invalidate, sender=model, dispatch_uid=uid)
        m2m_changed.connect(_invalidate_on_link_change, sender=model, dispatch_uid=uid)
    for model in ENTRY_MODELS:
        m2m_changed.connect(
            _refresh_masks_on_link_change,
            sender=model.sectors.through,
            dispatch_uid=f"directory.sector_mask.{model._meta.label_lower}",
        )
    post_delete.connect(
        _refresh_masks_on_sector_delete, sender=Sector, dispatch_uid="directory.sector_mask"
    )
