"""API records: every public field in every language (`name_en`, `name_zh_hant`, ...), the
entry's page, its sectors and its sources. One serializer per entry type, made from the
model's fields (opendata/entry_types.py), so a new type is served unasked."""

from functools import cache

from rest_framework import serializers

from directory.models import Sector, Source
from opendata.entry_types import bilingual_fields, link_fields, translated_fields


def in_every_language(model, *names):
    translated = translated_fields(model)
    return tuple(column for name in names for column in translated.get(name, [name]))


class SectorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The sector's page in English.")

    class Meta:
        model = Sector
        fields = ("slug", *in_every_language(Sector, "name", "description"), "url")

    def get_url(self, sector) -> str:
        return self.context["request"].build_absolute_uri(sector.get_absolute_url())


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ("url", *in_every_language(Source, "title", "publisher"), "accessed")


class EntrySerializer(serializers.ModelSerializer):
    """What every entry record holds besides its own fields."""

    url = serializers.SerializerMethodField(help_text="The entry's page (English).")
    sectors = serializers.SerializerMethodField(help_text="The slugs of its sectors.")
    sources = SourceSerializer(source="listed_sources", many=True, read_only=True)

    def get_url(self, entry) -> str:
        return self.context["request"].build_absolute_uri(entry.get_absolute_url())

    def get_sectors(self, entry) -> list[str]:
        return [sector.slug for sector in entry.listed_sectors]


class LinkedSlug(serializers.CharField):
    """A link to another entry, as its slug (null unless it is published)."""

    def to_representation(self, entry):
        return entry.slug


class LinkedSlugs(serializers.ListField):
    """Links to other entries, as their slugs (published ones only)."""

    child = serializers.CharField()

    def to_representation(self, entries):
        return [entry.slug for entry in entries]


def link_field(model, name):
    field = model._meta.get_field(name)
    options = {
        "source": f"listed_{name}",
        "read_only": True,
        "help_text": f"{str(field.verbose_name).capitalize()}: slugs of published entries.",
    }
    if field.many_to_many:
        return LinkedSlugs(**options)
    return LinkedSlug(allow_null=True, **options)


@cache
def serializer_for(model):
    links = link_fields(model)
    fields = ("slug", "url", *bilingual_fields(model), "sectors", "sources", *links)
    meta = type("Meta", (), {"model": model, "fields": fields})
    declared = {name: link_field(model, name) for name in links}
    return type(f"{model.__name__}Serializer", (EntrySerializer,), {"Meta": meta, **declared})
