"""Atom feeds of new and updated entries (django.contrib.syndication): all types, one type,
one sector. Each reads the latest FEED_SIZE entries of each type with their sectors (two
queries per type) and keeps the latest FEED_SIZE of those.

An entry appears once, at its last change: its Atom id is its page, `updated` its last edit
and `published` when it was added, so a reader shows an edit as an update, not a new item.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from directory.models import ENTRY_MODELS, Sector
from directory.pages import LISTINGS
from opendata.changes import change_rows, changes
from opendata.entry_types import model_for, segment

FEED_SIZE = 50


def latest_entries(querysets):
    """The FEED_SIZE most recently changed entries among `querysets`, newest first."""
    found = [
        entry
        for queryset in querysets
        for entry in queryset.recently_updated().prefetch_related(
            Prefetch("sectors", to_attr="listed_sectors")
        )[:FEED_SIZE]
    ]
    return sorted(found, key=lambda entry: entry.updated, reverse=True)[:FEED_SIZE]


class UpdatesFeed(Feed):
    """Every type: /<lang>/feeds/updates/."""

    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("HK AI Portal: new and updated entries")

    def subtitle(self, obj=None):
        return _("The latest additions and edits to Hong Kong's AI directory.")

    def link(self, obj=None):
        return reverse("directory:home")

    def feed_url(self, obj=None):
        return reverse("opendata:updates_feed")

    def querysets(self, obj):
        return [model.objects.published() for model in ENTRY_MODELS]

    def items(self, obj=None):
        return latest_entries(self.querysets(obj))

    def item_title(self, entry):
        return entry.name

    def item_description(self, entry):
        return entry.summary

    def item_updateddate(self, entry):
        return entry.updated

    def item_pubdate(self, entry):
        return entry.created

    def item_categories(self, entry):
        return [sector.name for sector in entry.listed_sectors]

    def item_author_name(self, entry):
        return _("HK AI Portal")


class TypeFeed(UpdatesFeed):
    """One type: /<lang>/feeds/<type>/."""

    def get_object(self, request, type_segment):
        return model_for(type_segment)

    def title(self, model):
        return _("HK AI Portal: %(type)s") % {"type": LISTINGS[model].title}

    def link(self, model):
        return reverse(LISTINGS[model].url_name)

    def feed_url(self, model):
        return reverse("opendata:type_feed", args=[segment(model)])

    def querysets(self, model):
        return [model.objects.published()]


class SectorFeed(UpdatesFeed):
    """One sector, every type: /<lang>/feeds/sectors/<slug>/."""

    def get_object(self, request, slug):
        return get_object_or_404(Sector, slug=slug)

    def title(self, sector):
        return _("HK AI Portal: %(sector)s") % {"sector": sector.name}

    def link(self, sector):
        return sector.get_absolute_url()

    def feed_url(self, sector):
        return reverse("opendata:sector_feed", args=[sector.slug])

    def querysets(self, sector):
        return [model.objects.published().for_sector(sector) for model in ENTRY_MODELS]


class ChangesFeed(UpdatesFeed):
    """What changed: /<lang>/changes/feed/, one item per change."""

    def title(self, obj=None):
        return _("HK AI Portal: what changed")

    def link(self, obj=None):
        return reverse("opendata:changes")

    def feed_url(self, obj=None):
        return reverse("opendata:changes_feed")

    def items(self, obj=None):
        return changes(change_rows()[:FEED_SIZE])

    def item_title(self, change):
        return f"{change.name}: {change.text}"

    def item_description(self, change):
        return change.text

    def item_link(self, change):
        return change.url

    def item_guid(self, change):
        return f"{self.request_url_base}{reverse('opendata:changes')}#{change.key}"

    item_guid_is_permalink = False

    def item_updateddate(self, change):
        return change.when

    def item_pubdate(self, change):
        return change.when

    def item_categories(self, change):
        return []

    def get_object(self, request, *args, **kwargs):
        self.request_url_base = request.build_absolute_uri("/").rstrip("/")
        return None
