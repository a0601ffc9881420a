"""Rendered pieces many pages share, cached until the next change to the directory.

A listing's cards and its filter panel are the same on every page they appear on: each
card on every filter combination, sort order and page number that lists it; a selection's
panel, with its facet counts, on every sort order and page number of that selection. The
page cache (directory/cache.py) stores whole responses, and misses on every new combination
of filters; these pieces are stored once and reused by all of them, so a page the page cache
has never seen still costs little.

Each piece is stored with the page cache's *generation* number, so any save in the admin
retires them all at once, exactly as it retires the stored pages. If the cache is down,
pieces are rendered afresh.
"""

import logging

from django.conf import settings
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from directory.cache import fresh_many, store_many

logger = logging.getLogger(__name__)


def cached_many(keys, build_missing):
    """{key: value} for `keys`: the stored ones, and `build_missing(missing keys)` for the
    rest (stored for next time). Without a reachable cache, everything is built."""
    if not settings.FRAGMENT_CACHE_ENABLED:
        return build_missing(list(keys))
    try:
        found, generation = fresh_many(keys)
    except Exception:
        logger.warning("Fragment cache unavailable", exc_info=True)
        return build_missing(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        built = build_missing(missing)
        try:
            store_many(built, generation, settings.FRAGMENT_CACHE_SECONDS)
        except Exception:
            logger.warning("Fragment cache unavailable", exc_info=True)
        found.update(built)
    return found


# How each style of card is rendered, and what it needs loaded: a listing's result card
# shows relations (sectors, the issuer...); a compact card (search, sector pages) does not.
CARD_STYLES = {
    "listing": (
        lambda model_name: f"directory/partials/cards/{model_name}.html",
        lambda entries: entries.with_card_relations(),
    ),
    "compact": (
        lambda model_name: "directory/partials/card_compact.html",
        lambda entries: entries,
    ),
}


def register_card_style(name, template_name, load=lambda entries: entries):
    """A card another app shows (the funding finder's schemes, say): `template_name(model
    name)` rendered with `entry`, each entry loaded by `load(queryset)`. Cached and retired
    like the directory's own cards."""
    CARD_STYLES[name] = (template_name, load)


def card_key(style, model, pk, language):
    return f"card:{style}:{language}:{model._meta.model_name}:{pk}"


def entry_cards(entries, style="listing"):
    """The cards for `entries` (a queryset of one type, in display order), as HTML.

    Only the entries' primary keys are read here."""
    return cards_in_order(entries.model, list(entries.values_list("pk", flat=True)), style)


def cards_in_order(model, pks, style="listing"):
    """The cards of the entries of `model` with these primary keys, in their order."""
    cards = cards_by_pk(model, pks, style)
    return [cards[pk] for pk in pks if pk in cards]


def cards_by_pk(model, pks, style="listing"):
    """{pk: card HTML} for entries of `model`: the stored cards, and for the others the
    entries are loaded with what that style of card shows and rendered."""
    language = get_language()
    keys = {card_key(style, model, pk, language): pk for pk in pks}
    template_name, load = CARD_STYLES[style]
    template = get_template(template_name(model._meta.model_name))

    def render_missing(missing):
        wanted = model.objects.filter(pk__in=[keys[key] for key in missing])
        return {
            card_key(style, model, entry.pk, language): template.render({"entry": entry})
            for entry in load(wanted)
        }

    cards = cached_many(list(keys), render_missing)
    # Our own templates' output, stored as text.
    return {pk: mark_safe(cards[key]) for key, pk in keys.items() if key in cards}


def cached_render(key, template_name, context):
    """`template_name` rendered with `context`, kept under `key` until the next change."""
    return cached_html(key, lambda: get_template(template_name).render(context))


def cached_html(key, render):
    """The HTML `render()` returns, kept under `key` until the next change; with no key,
    rendered afresh."""
    html = render() if key is None else cached_many([key], lambda missing: {key: render()})[key]
    # Our own templates' output, stored as text.
    return mark_safe(html)
