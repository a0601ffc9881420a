"""Bulk editing: each entry type's rows for django-import-export, in both languages.

Rows are matched by slug (stable, unlike ids across databases). Links to other entries and
sectors are written as their slugs, so a spreadsheet reads "hku", not "17". Every imported
row is validated like an admin form (`clean_model_instances`) and saved one by one through
the model, so the history records the editor and "Imported" as the reason. The whole file is
one transaction: a bad row is reported with its line number and nothing is written.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from contributions import targets
from directory.models import ENTRY_MODELS

# Kept by the system, not by spreadsheets.
NOT_IMPORTED = ("id", "created", "updated")


class WholeNumberWidget(widgets.IntegerWidget):
    """ "x" in a year column is the row's error, reported with its line, not a crash of the
    whole import (the stock widget lets decimal's error through)."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ArithmeticError as error:
            raise ValueError(_("Enter a whole number.")) from error


def _slug_field(model_field):
    """A column that names a linked entry or sector by its slug."""
    related = model_field.related_model
    if isinstance(model_field, models.ManyToManyField):
        widget = widgets.ManyToManyWidget(related, field="slug", separator="|")
    else:
        widget = widgets.ForeignKeyWidget(related, field="slug")
    return fields.Field(attribute=model_field.name, column_name=model_field.name, widget=widget)


class EntryResource(resources.ModelResource):
    """What every entry type's resource shares; `for_model` makes one per type."""

    def __init__(self, may_publish=True, **kwargs):
        super().__init__(**kwargs)
        if not may_publish:
            # Editors import drafts and edits; publishing stays with the Publishers.
            self.fields.pop("status", None)

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        widget = super().widget_from_django_field(f, default)
        return WholeNumberWidget if widget is widgets.IntegerWidget else widget

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = "Imported"

    @classmethod
    def for_model(cls, model):
        links = [*model._meta.fields, *model._meta.many_to_many]
        linked = {
            field.name: _slug_field(field)
            for field in links
            if field.is_relation and hasattr(field.related_model, "slug")
        }
        meta = type(
            "Meta",
            (),
            {
                "model": model,
                "import_id_fields": ["slug"],
                # Each language's own column (name_en, name_zh_hant), not the alias.
                "exclude": (*NOT_IMPORTED, *targets.translated_fields(model)),
                "clean_model_instances": True,
                "skip_unchanged": True,
                "report_skipped": False,
                "use_transactions": True,
            },
        )
        return type(f"{model.__name__}Resource", (cls,), {**linked, "Meta": meta})


RESOURCES = {model: EntryResource.for_model(model) for model in ENTRY_MODELS}
