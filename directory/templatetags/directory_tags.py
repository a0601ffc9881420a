"""Template helpers for the public site: entry types, icons and language links."""

from functools import cache, lru_cache

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, override

from directory import markup

register = template.Library()

# Which symbol of static/icons/icons.svg stands for each type, and each kind within a type.
TYPE_ICONS = {
    "institution": "building",
    "hub": "hub",
    "policy": "document",
    "challenge": "mountain",
}
KIND_ICONS = {
    "institution": {
        "university": "graduation",
        "research-centre": "flask",
        "government": "landmark",
        "company": "briefcase",
        "nonprofit": "people",
    },
    "hub": {
        "science-park": "building",
        "digital-hub": "cpu",
        "incubator": "rocket",
        "coworking": "people",
        "computing": "server",
        "research-cluster": "atom",
    },
    "policy": {
        "strategy": "compass",
        "law": "scale",
        "guideline": "clipboard",
        "funding": "coins",
        "talent": "award",
        "sandbox": "box",
        "infrastructure": "server",
    },
    "challenge": {
        "talent": "award",
        "regulation": "scale",
        "commercialisation": "rocket",
        "computing": "cpu",
        "data": "database",
        "market-access": "globe",
    },
}
STAGE_ICONS = {
    "proposed": "clock",
    "active": "check",
    "completed": "flag",
    "superseded": "replace",
}


@register.filter
def entry_type(entry):
    """ "institution", "hub", "policy" or "challenge"."""
    return entry._meta.model_name


@register.filter
def type_label(entry):
    return entry._meta.verbose_name


@register.filter
def type_label_plural(entry):
    return entry._meta.verbose_name_plural


@lru_cache(maxsize=64)
def _choice_labels(model, field, language):
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


@register.filter
def choice_label(entry, field):
    """What get_<field>_display() gives, without re-translating every choice on every call
    (cards show several per entry). Challenges call their category their kind."""
    model = type(entry)
    if field == "kind" and model._meta.model_name == "challenge":
        field = "category"
    value = getattr(entry, field)
    return _choice_labels(model, field, get_language()).get(value, value)


@register.filter
def type_icon(model_name):
    return TYPE_ICONS.get(model_name, "document")


@register.filter
def kind_icon(entry):
    return KIND_ICONS.get(entry._meta.model_name, {}).get(entry.kind, "tag")


@register.filter
def stage_icon(stage):
    return STAGE_ICONS.get(stage, "tag")


@cache
def sprite_url():
    """The icon sprite's URL: the same for the life of the process, and icons are many."""
    return static("icons/icons.svg")


@register.simple_tag
@lru_cache(maxsize=256)
def icon(name, css_class=""):
    """A decorative icon from the sprite; the text beside it carries the meaning. The same
    few dozen icons repeat on every card, so each is built once per process."""
    return format_html(
        '<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        css_class,
        sprite_url(),
        name,
    )


@register.simple_tag
def facet_options(group):
    return markup.facet_options(group)


@register.simple_tag
def facet_counts_oob(groups):
    return markup.facet_counts_oob(groups)


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page (path and query) in each language, for the switcher and hreflang."""
    request = context.get("request")
    current = get_language()
    # Worked out once per request and language: the head and the switcher both need them.
    memo = getattr(request, "_language_links", {}) if request is not None else {}
    if current in memo:
        return memo[current]
    links = []
    for code, _name in settings.LANGUAGES:
        url = page_in_language(request, code)
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute": request.build_absolute_uri(url) if request is not None else url,
                "current": code == current,
            }
        )
    if request is not None:
        request._language_links = {**memo, current: links}
    return links


def page_in_language(request, code):
    """The request's path and query in language `code`. Reversed from the URL the request
    already resolved to (translate_url() resolves the path again: a third of the time)."""
    if request is None:
        return translate_url("/", code)
    full_path = request.get_full_path()
    match = request.resolver_match
    if match is None:  # an error page before or outside URL resolution
        return translate_url(full_path, code)
    try:
        with override(code):
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return translate_url(full_path, code)
    _path, mark, query = full_path.partition("?")
    return f"{path}{mark}{query}"


@register.simple_tag
def constant_include(template_name, **values):
    """`template_name` rendered with nothing but `values` (and the language): fragments
    such as the navigation and the asset links, the same on every page until the next
    deployment, rendered once per process (like the cached template loader keeps
    templates; with DEBUG on, every time, so template edits show). They were a third of
    base.html's time: {% url %}, {% static %} and translations on every request."""
    render = _constant_fragment.__wrapped__ if settings.DEBUG else _constant_fragment
    return render(template_name, get_language(), tuple(sorted(values.items())))


@lru_cache(maxsize=256)
def _constant_fragment(template_name, language, values):
    """Rendered in the active language, which `language` names for the cache's key."""
    return render_to_string(template_name, dict(values))
