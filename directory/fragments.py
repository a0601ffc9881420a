"""Rendered pieces many pages share, cached until the next change to the directory.

A listing's cards and its filter selects are the same on every page they appear on: each
card on every filter combination, sort order and page number that lists it; each select's
options on every view of that listing. The page cache (directory/cache.py) stores whole
responses, and misses on every new combination of filters; these pieces are stored once and
reused by all of them, so a page the page cache has never seen still costs little.

Each piece is stored with the page cache's *generation* number, so any save in the admin
retires them all at once, exactly as it retires the stored pages. If the cache is down,
pieces are rendered afresh.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from directory.cache import GENERATION_KEY, current_generation

logger = logging.getLogger(__name__)


def fresh_many(keys):
    """({key: value} for the stored values of the current generation, the generation)."""
    found = cache.get_many([GENERATION_KEY, *keys])
    generation = current_generation(found.pop(GENERATION_KEY, None))
    return (
        {key: stored[1] for key, stored in found.items() if stored[0] == generation},
        generation,
    )


def store_many(values, generation):
    cache.set_many(
        {key: (generation, value) for key, value in values.items()},
        settings.FRAGMENT_CACHE_SECONDS,
    )


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
            store_many(built, generation)
        except Exception:
            logger.warning("Fragment cache unavailable", exc_info=True)
        found.update(built)
    return found


def card_key(model, pk, language):
    return f"card:{language}:{model._meta.model_name}:{pk}"


def listing_cards(page_entries):
    """The result cards for one page of a listing, in order, as HTML.

    `page_entries` is the page's queryset. Only its primary keys are read; the entries whose
    card is not stored are then loaded with everything a card shows (listing relations) and
    rendered with `directory/partials/cards/<type>.html`."""
    model = page_entries.model
    language = get_language()
    keys = {card_key(model, pk, language): pk for pk in page_entries.values_list("pk", flat=True)}
    template = get_template(f"directory/partials/cards/{model._meta.model_name}.html")

    def render_missing(missing):
        entries = model.objects.filter(pk__in=[keys[key] for key in missing])
        return {
            card_key(model, entry.pk, language): template.render({"entry": entry})
            for entry in entries.with_listing_relations()
        }

    cards = cached_many(list(keys), render_missing)
    # Our own templates' output, stored as text.
    return [mark_safe(cards[key]) for key in keys if key in cards]
