"""What the public may suggest: which entry types, and which fields of an entry.

Worked out from the directory's registry (`ENTRY_MODELS`) and its translation options, so a
new entry type or field is offered without a change here.
"""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from directory.models import ENTRY_MODELS

# Kept by the editors and the system, never proposed by the public.
NOT_SUGGESTED = {"id", "slug", "status", "created", "updated", "last_reviewed"}
OTHER = "other"


def model_by_name(model_name):
    return {model._meta.model_name: model for model in ENTRY_MODELS}.get(model_name)


def model_by_path(segment):
    """The entry type whose listing lives at /<lang>/<segment>/ (None if none)."""
    for model in ENTRY_MODELS:
        try:
            listing = reverse(f"directory:{model._meta.model_name}_list")
        except NoReverseMatch:  # a type without a listing has no public pages to correct
            continue
        if listing.rstrip("/").rsplit("/", 1)[-1] == segment:
            return model
    return None


def type_choices():
    return [
        (model._meta.model_name, model._meta.verbose_name.capitalize()) for model in ENTRY_MODELS
    ]


def _translated(model):
    """{translated field name: its per-language column names}."""
    try:
        fields = translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}
    return {name: {column.name for column in columns} for name, columns in fields.items()}


def translated_fields(model):
    """The names of the fields kept in every language (name, summary...)."""
    return tuple(_translated(model))


def field_choices(model):
    """(column, label) for every field a visitor may correct: each language's column of a
    translated field ("Summary (English)"), every other plain field, then "Something else"."""
    translated = _translated(model)
    columns = set().union(*translated.values())
    choices = []
    for field in model._meta.concrete_fields:
        if field.name in NOT_SUGGESTED or isinstance(field, models.ForeignKey):
            continue
        if field.name in translated:
            for code, language in settings.LANGUAGES:
                column = f"{field.name}_{code.replace('-', '_')}"
                label = f"{field.verbose_name.capitalize()} ({language})"
                choices.append((column, label))
        elif field.name not in columns:
            choices.append((field.name, field.verbose_name.capitalize()))
    choices.append((OTHER, _("Something else")))
    return choices


def field_label(model, column):
    return dict(field_choices(model)).get(column, column)
