"""Small helpers for the two content languages, shared by models, admin and views."""

from django.conf import settings
from modeltranslation.utils import build_localized_fieldname


def language_codes():
    return [code for code, _name in settings.LANGUAGES]


def translated_field_names(fields):
    """Every per-language column of the given translated fields (name -> name_en, ...)."""
    return [build_localized_fieldname(field, code) for field in fields for code in language_codes()]
