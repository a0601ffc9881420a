"""/sitemap.xml: an index of one sitemap per entry type plus the site's own pages and the
sectors, each page listed in every language with its hreflang alternates.

Each section is one query; `lastmod` is the entry's last change. Sections follow
ENTRY_MODELS, so a new type gets its own section unasked.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from directory.models import ENTRY_MODELS, Sector
from opendata.entry_types import segment


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class EntrySitemap(BilingualSitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.published().order_by("pk").only("slug", "updated")

    def lastmod(self, entry):
        return entry.updated

    def get_latest_lastmod(self):
        return self.model.objects.published().aggregate(latest=Max("updated"))["latest"]


class SectorSitemap(BilingualSitemap):
    def items(self):
        return Sector.objects.only("slug")


class PageSitemap(BilingualSitemap):
    """The home page, the listings, the data page and what changed."""

    def items(self):
        listings = [f"directory:{model._meta.model_name}_list" for model in ENTRY_MODELS]
        return ["directory:home", *listings, "opendata:data", "opendata:changes"]

    def location(self, url_name):
        return reverse(url_name)


SITEMAPS = {
    "pages": PageSitemap(),
    "sectors": SectorSitemap(),
    **{segment(model): EntrySitemap(model) for model in ENTRY_MODELS},
}
