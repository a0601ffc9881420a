"""Template helpers for the public site: entry types, icons and language links."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, override

from directory.fragments import cached_render

register = template.Library()

# Which symbol of static/icons/icons.svg stands for each type, and each kind within a type.
TYPE_ICONS = {
    "institution": "building",
    "hub": "hub",
    "policy": "document",
    "challenge": "mountain",
    "collaboration": "globe",
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
    "collaboration": {
        "joint-lab": "flask",
        "research-centre": "atom",
        "mou": "clipboard",
        "programme": "rocket",
        "park": "building",
        "event": "people",
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
    """ "institution", "hub", "policy", "challenge" or "collaboration"."""
    return entry._meta.model_name


@register.filter
def type_label(entry):
    return entry._meta.verbose_name


@register.filter
def type_label_plural(entry):
    return entry._meta.verbose_name_plural


@register.filter
def type_icon(model_name):
    return TYPE_ICONS.get(model_name, "document")


@register.filter
def kind_icon(entry):
    return KIND_ICONS.get(entry._meta.model_name, {}).get(entry.kind, "tag")


@register.filter
def stage_icon(stage):
    return STAGE_ICONS.get(stage, "tag")


@register.simple_tag
def icon(name, css_class=""):
    """A decorative icon from the sprite; the text beside it carries the meaning."""
    return format_html(
        '<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        css_class,
        static("icons/icons.svg"),
        name,
    )


@register.simple_tag
def select_options(group):
    """A filter select's <option>s, rendered once per listing, language and selected entry
    until the next change: a select lists up to 200 entries, and looping over them was
    most of the filter form's rendering time."""
    key = f"select:{get_language()}:{group['key']}:{group['selected']}"
    return cached_render(key, "directory/partials/select_options.html", {"group": group})


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
