"""The entry types as open data sees them, worked out from the directory's own registry
(`directory.models.ENTRY_MODELS`) so that a type added there joins the exports, the API,
the feeds and the sitemap without a change here.

- `segment(model)`: the type's name in URLs ("institutions"), the same as its listing's;
- `filterset_for(model)`: the listing's own FilterSet, so exports and the API filter exactly
  as the HTML listing does;
- `plain_fields(model)` / `bilingual_fields(model)`: the columns worth publishing, in the
  visitor's language or in every language.
"""

from functools import cache

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import override
from modeltranslation.translator import NotRegistered, translator

from directory import filters
from directory.listing_filterset import ListingFilterSet
from directory.models import ENTRY_MODELS

# Columns that are the database's business, not the public's.
PRIVATE_FIELDS = frozenset({"id", "status"})
LANGUAGE_SUFFIXES = tuple(code.replace("-", "_") for code, _name in settings.LANGUAGES)


def segment(model):
    """ "institutions", "hubs", ...: the English plural, as the listings' URLs spell it."""
    with override("en"):
        return slugify(str(model._meta.verbose_name_plural))


def model_for(type_segment):
    """The entry model named by a URL segment, or a 404."""
    for model in ENTRY_MODELS:
        if segment(model) == type_segment:
            return model
    raise Http404("No such type of entry.")


@cache
def filterset_for(model):
    """The listing's FilterSet: the one directory/filters.py declares for `model`."""
    found = [
        value
        for value in vars(filters).values()
        if isinstance(value, type)
        and issubclass(value, ListingFilterSet)
        and value._meta.model is model
    ]
    if len(found) != 1:
        raise LookupError(f"Expected one FilterSet for {model.__name__}, found {found}")
    return found[0]


def translated_fields(model):
    """{field name: [its per-language column names]} for the fields kept in both languages."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {name: [f"{name}_{suffix}" for suffix in LANGUAGE_SUFFIXES] for name in options.fields}


@cache
def plain_fields(model):
    """The model's own public columns (no relations, no per-language copies), in model
    order: what an export holds, each read in the visitor's language."""
    per_language = {c for columns in translated_fields(model).values() for c in columns}
    return tuple(
        field.name
        for field in model._meta.concrete_fields
        if not field.is_relation
        and field.name not in PRIVATE_FIELDS
        and field.name not in per_language
    )


@cache
def bilingual_fields(model):
    """`plain_fields` with each translated field replaced by its column per language:
    what an API record holds."""
    translated = translated_fields(model)
    return tuple(column for name in plain_fields(model) for column in translated.get(name, [name]))


def shared_fields():
    """The public fields every entry type has: the columns of an export mixing types."""
    first, *others = (plain_fields(model) for model in ENTRY_MODELS)
    return tuple(name for name in first if all(name in fields for fields in others))


@cache
def link_fields(model):
    """The model's own links to other entries (an institution's parent, a policy's issuer
    and challenges): exported and served as the linked entries' addresses or slugs,
    published ones only."""
    return tuple(
        field.name
        for field in model._meta.get_fields()
        if (field.many_to_one or field.many_to_many)
        and field.concrete
        and field.related_model in ENTRY_MODELS
    )


def with_links(queryset):
    """`queryset` with each entry's sectors, sources and published links prefetched into
    `listed_<name>` (a list, or for a single link the entry or None)."""
    model = queryset.model
    # Unordered: sorted by name, SQLite would walk every published entry of the other type
    # in name order and probe the link table for each (seconds a chunk at 2,000 a type);
    # unordered, it starts from the links. linked() puts them in a stable order.
    links = [
        Prefetch(
            name,
            queryset=model._meta.get_field(name).related_model.objects.published().order_by(),
            to_attr=f"listed_{name}",
        )
        for name in link_fields(model)
    ]
    return queryset.prefetch_related(
        Prefetch("sectors", to_attr="listed_sectors"),
        Prefetch("sources", to_attr="listed_sources"),
        *links,
    )


def linked(entry, name):
    """The published entries `entry` links to through `name`, as a list."""
    value = getattr(entry, f"listed_{name}")
    if isinstance(value, list):
        return sorted(value, key=lambda other: other.pk)
    return [] if value is None else [value]
