"""What open data adds to the directory's pages, from the page's own context:
- in the <head> (`opendata_head`, included once by base.html): feed links on every page
  (the type's feed on its listing and detail pages, the sector's on its page) and, on a
  detail page, its structured data (opendata/structured_data.py);
- "Cite this entry" on a detail page (`cite_entry`, opendata/citations.py).

The directory's views know nothing of it, and no query runs here: everything comes from
what the page already holds.
"""

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from directory.models import ENTRY_MODELS
from directory.pages import LISTINGS
from opendata import citations, structured_data
from opendata.entry_types import segment

register = template.Library()

MODELS_BY_NAME = {model._meta.model_name: model for model in ENTRY_MODELS}


def feeds_for(context):
    feeds = [(_("New and updated entries"), reverse("opendata:updates_feed"))]
    model = MODELS_BY_NAME.get(context.get("model_name"))
    if model is not None:
        title = _("New and updated: %(type)s") % {"type": LISTINGS[model].title}
        feeds.append((title, reverse("opendata:type_feed", args=[segment(model)])))
    sector = context.get("sector")
    if sector is not None and getattr(sector, "slug", None):
        title = _("New and updated: %(sector)s") % {"sector": sector.name}
        feeds.append((title, reverse("opendata:sector_feed", args=[sector.slug])))
    feeds += context.get("extra_feeds", [])
    return feeds


def detail_entry(context):
    """The entry a detail page shows, if this is one."""
    entry = context.get("entry")
    return entry if type(entry) in ENTRY_MODELS else None


@register.inclusion_tag("opendata/partials/head_links.html", takes_context=True)
def opendata_head(context):
    found = {"feeds": feeds_for(context)}
    entry = detail_entry(context)
    if entry is not None:
        url = context["request"].build_absolute_uri(entry.get_absolute_url())
        found["meta_tags"] = structured_data.meta_tags(entry, url, _("HK AI Portal"))
        found["json_ld"] = structured_data.json_ld_script(entry, url)
    return found


@register.inclusion_tag("opendata/partials/cite.html", takes_context=True)
def cite_entry(context):
    """ "Cite this entry" on a detail page: the citation in the page's language, the
    permalink and the BibTeX download."""
    entry = detail_entry(context)
    if entry is None:
        return {}
    url = context["request"].build_absolute_uri(entry.get_absolute_url())
    citation = escape(citations.for_language(entry, url, get_language()))
    return {
        # GB/T 7714's type code is a Latin abbreviation: marked so, for screen readers.
        "citation": mark_safe(citation.replace("[EB/OL]", '<span lang="en">[EB/OL]</span>')),
        "permalink": url,
        "bibtex_url": reverse("opendata:bibtex", args=[segment(type(entry)), entry.slug]),
    }
