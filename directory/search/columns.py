"""What both search backends share: which columns are searched, and the plain test."""

import operator
from functools import reduce

from django.db.models import Q

from directory.languages import translated_field_names


def searched_fields(model):
    """The fields a search reads: the model's `search_fields` in every language."""
    return translated_field_names(model.search_fields)


def any_column_contains(model, word):
    """Whether any searched column holds `word`, ignoring case (Django's `icontains`)."""
    return reduce(operator.or_, (Q(**{f"{f}__icontains": word}) for f in searched_fields(model)))
