"""Side by side: two to four entries of one type, one column per entry and one row per
field, the rows where they differ marked.

The rows come from the model itself (its fields' own labels, choices and relations), so any
entry type, including one added later, can be compared without a list of fields here. The
entries are named in the URL, `?entries=hku,hkust,cuhk`: a listing's "Compare" form sends
them as repeated `entries` values, which the view folds into that one shareable form.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import override
from modeltranslation.translator import NotRegistered, translator

from directory.models import ENTRY_MODELS
from directory.pages import LISTINGS
from directory.templatetags.content_language import format_hkd, localized_text

MIN_ENTRIES = 2
MAX_ENTRIES = 4
MAX_SLUG_LENGTH = 200
# Bookkeeping, the entry's own name (the column header) and long text: not compared.
SKIPPED = {"id", "name", "slug", "status", "created", "updated", "description", "sources"}


def model_paths():
    """{URL segment: model} for every type with a listing, the segment being its listing's
    path ("institutions")."""
    with override("en"):
        return {
            reverse(LISTINGS[model].url_name).rstrip("/").rsplit("/", 1)[-1]: model
            for model in ENTRY_MODELS
            if model in LISTINGS
        }


def requested_slugs(values):
    """The slugs named by the `entries` values (comma-separated, repeatable), in order,
    each once, blanks dropped."""
    slugs = (slug.strip() for value in values for slug in value.split(","))
    return list(dict.fromkeys(slug for slug in slugs if slug))


def query(slugs):
    """The shareable query string naming these entries: entries=a,b,c."""
    return urlencode({"entries": ",".join(slugs)}, safe=",")


def removal_links(path, entries):
    """The comparison without each entry in turn."""
    links = []
    for entry in entries:
        others = [e.slug for e in entries if e is not entry]
        links.append(f"{path}?{query(others)}")
    return links


def problem_with(slugs):
    """Why these slugs cannot be compared at all, or ""."""
    if len(slugs) > MAX_ENTRIES:
        return _("Up to %(max)s entries can be compared at once; %(count)s were given.") % {
            "max": MAX_ENTRIES,
            "count": len(slugs),
        }
    if any(len(slug) > MAX_SLUG_LENGTH or not slug.isascii() for slug in slugs):
        return _("That address names entries in a form this page does not understand.")
    return ""


def translated_fields(model):
    try:
        return set(translator.get_options_for_model(model).get_field_names())
    except NotRegistered:
        return set()


def compared_fields(model):
    """The model's fields worth a row: concrete fields and relations to other entries, in
    declaration order, without language columns or bookkeeping."""
    translated = translated_fields(model)
    language_columns = {f"{name}_{code}" for name in translated for code in ("en", "zh_hant")}
    fields = []
    for model_field in model._meta.get_fields():
        name = model_field.name
        if name in SKIPPED or name in language_columns or model_field.auto_created:
            continue
        if (
            model_field.is_relation
            and model_field.related_model not in (*ENTRY_MODELS,)
            and (name != "sectors")
        ):
            continue
        fields.append(model_field)
    # When the facts were checked reads best after them.
    return sorted(fields, key=lambda f: f.name == "last_reviewed")


def load(model, slugs):
    """The published entries of `model` with these slugs, in the order asked, with every
    compared relation (one query each)."""
    relations = [f.name for f in compared_fields(model) if f.is_relation and f.name != "sectors"]
    found = model.objects.published().filter(slug__in=slugs).with_published(*relations)
    found = {entry.slug: entry for entry in found.prefetch_related("sectors")}
    return [found[slug] for slug in slugs if slug in found]


@dataclass
class Cell:
    text: str = ""
    url: str = ""
    links: list = field(default_factory=list)
    language: str = ""

    @property
    def key(self):
        return (self.text, self.url, tuple(entry.pk for entry in self.links))


@dataclass
class Row:
    label: str
    cells: list

    @property
    def differs(self):
        return len({cell.key for cell in self.cells}) > 1


def cell(entry, model_field, translated):
    name = model_field.name
    if name == "sectors":
        return Cell(links=list(entry.sectors.all()))
    if model_field.is_relation:
        value = getattr(entry, f"listed_{name}")
        return Cell(links=value if isinstance(value, list) else [value] if value else [])
    if name in translated:
        text = localized_text(entry, name)
        return Cell(text=text.text, language=text.language if text.is_fallback else "")
    value = getattr(entry, name)
    if model_field.choices:
        return Cell(text=str(getattr(entry, f"get_{name}_display")()) if value else "")
    if isinstance(model_field, models.BooleanField):
        return Cell(text=_("Yes") if value else _("No"))
    if isinstance(model_field, models.URLField):
        return Cell(url=value)
    if value is None or value == "":
        return Cell()
    if name.endswith("_hkd"):
        return Cell(text=format_hkd(value))
    if isinstance(model_field, models.DateField):
        return Cell(text=date_format(value, "DATE_FORMAT"))
    return Cell(text=str(value))


def rows(model, entries):
    """One row per compared field, a cell per entry; rows empty for every entry left out."""
    translated = translated_fields(model)
    table = []
    for model_field in compared_fields(model):
        cells = [cell(entry, model_field, translated) for entry in entries]
        if any(c.text or c.url or c.links for c in cells):
            table.append(Row(capfirst(model_field.verbose_name), cells))
    return table
