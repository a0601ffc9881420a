"""The listings' filter form: forgiving by design.

A shared or bookmarked URL may hold a value the directory no longer knows (a renamed sector,
a typo, a hand-edited year). Refusing the whole page for it would help no one, so the form
keeps what it can use and lists the rest in `ignored`, for the page to say what it left out:
unknown choices are dropped before validation, values a field rejects after it. Every
FilterSet in directory/filters.py uses it as its `Meta.form`.
"""

from django import forms
from django.http import QueryDict

# No visitor picks more values than this for one parameter; it bounds the SQL.
MAX_VALUES_PER_PARAM = 30


def as_query_dict(data):
    """A QueryDict of `data` (request.GET already is one; tests may pass a plain dict)."""
    if isinstance(data, QueryDict):
        return data
    query = QueryDict(mutable=True)
    for name, value in data.items():
        query.setlist(name, value if isinstance(value, list | tuple) else [value])
    return query


class ListingForm(forms.Form):
    def __init__(self, data=None, *args, **kwargs):
        self.ignored = []
        if data is not None:
            data = self.usable(as_query_dict(data))
        super().__init__(data, *args, **kwargs)

    def usable(self, data):
        """The known parameters' values, trimmed, without duplicates and unknown choices,
        in the form's field order with sorting last (so rebuilt URLs read naturally)."""
        usable = QueryDict(mutable=True)
        fields = sorted(self.base_fields.items(), key=lambda item: item[0] == "sort")
        for name, field in fields:
            values = [value.replace("\x00", "").strip() for value in data.getlist(name)]
            values = list(dict.fromkeys(value for value in values if value))
            values = values[:MAX_VALUES_PER_PARAM]
            if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
                self.ignored += [(name, v) for v in values if not field.valid_value(v)]
                values = [value for value in values if field.valid_value(value)]
            if not values:
                continue
            if isinstance(field, forms.MultipleChoiceField):
                usable.setlist(name, values)
            else:  # the last value wins, cut to the field's length
                usable[name] = values[-1][: getattr(field, "max_length", None)]
        return usable

    def clean(self):
        """Values a field rejected join `ignored` and leave the data, so links built from
        it (pages, chips) no longer carry them."""
        for name in self.errors:
            if name in self.data:
                self.ignored.append((name, self.data[name]))
        return super().clean()

    def query(self):
        """The usable, valid values as a query string (never a page: it is not a filter)."""
        self.is_valid()
        data = self.data.copy()
        for name in self.errors:
            data.pop(name, None)
        return data.urlencode()
