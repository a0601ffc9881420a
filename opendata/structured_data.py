"""What a detail page tells machines about its entry: schema.org JSON-LD, Open Graph and
Twitter card tags, the canonical link. Built from the entry the page already loaded (no
query), in the visitor's language, with the name in every language.

The JSON-LD is a data block (`<script type="application/ld+json">`): browsers never run it,
so the strict CSP (script-src 'self') stands as it is.
"""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, to_locale

# The schema.org type for each kind of entry; an entry type or kind not named here is a
# plain `Thing` (or its type's default), so a new type needs nothing here to be described.
KIND_TYPES = {
    ("institution", "university"): "CollegeOrUniversity",
    ("institution", "research-centre"): "ResearchOrganization",
    ("institution", "government"): "GovernmentOrganization",
    ("institution", "company"): "Corporation",
    ("institution", "nonprofit"): "NGO",
    ("policy", "law"): "Legislation",
}
TYPE_DEFAULTS = {
    "institution": "Organization",
    "hub": "Place",
    "policy": "CreativeWork",
    "challenge": "Thing",
}
# BCP 47 language tags, as schema.org and Open Graph write them.
LANGUAGE_TAGS = {"en": "en", "zh-hant": "zh-Hant"}
JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def html_safe_json(text):
    """JSON text with <, > and & written as \\u escapes: the same data to every parser, and
    nothing HTML could read as markup (outside strings JSON has none of them)."""
    return text.translate(JSON_ESCAPES)


def schema_type(entry):
    model_name = entry._meta.model_name
    kind = getattr(entry, "kind", None)
    return KIND_TYPES.get((model_name, kind)) or TYPE_DEFAULTS.get(model_name, "Thing")


def in_every_language(entry, field):
    """[{"@language": tag, "@value": text}] for each language the field is written in."""
    values = []
    for code, _name in settings.LANGUAGES:
        text = getattr(entry, f"{field}_{code.replace('-', '_')}", None)
        if text:
            values.append({"@language": LANGUAGE_TAGS.get(code, code), "@value": text})
    return values


def dates(entry):
    """The dates schema.org has a property for, by type."""
    found = {}
    if getattr(entry, "founded", None):
        found["foundingDate"] = str(entry.founded)
    if getattr(entry, "announced_year", None):
        announced = entry.announced_on.isoformat() if entry.announced_on else None
        found["datePublished"] = announced or str(entry.announced_year)
        if schema_type(entry) == "Legislation":
            found["legislationDate"] = found["datePublished"]
    return found


def json_ld(entry, url):
    """The entry as a schema.org object, its page as the WebPage describing it."""
    same_as = [
        link for link in (getattr(entry, "website", ""), getattr(entry, "document_url", "")) if link
    ]
    data = {
        "@context": "https://schema.org",
        "@type": schema_type(entry),
        "@id": f"{url}#entry",
        "url": url,
        "name": in_every_language(entry, "name"),
        "description": entry.summary,
        **({"sameAs": same_as} if same_as else {}),
        **dates(entry),
        "keywords": [sector.name for sector in getattr(entry, "listed_sectors", [])],
        "mainEntityOfPage": {
            "@type": "WebPage",
            "@id": url,
            "inLanguage": LANGUAGE_TAGS.get(get_language(), get_language()),
            "dateCreated": entry.created.isoformat(),
            "dateModified": entry.updated.isoformat(),
            **({"lastReviewed": entry.last_reviewed.isoformat()} if entry.last_reviewed else {}),
        },
    }
    if getattr(entry, "address", ""):
        data["address"] = entry.address
    return data


def json_ld_script(entry, url):
    text = html_safe_json(json.dumps(json_ld(entry, url), ensure_ascii=False))
    # Safe: <, > and & are escaped inside the JSON, so nothing can close the element.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def og_locale(code):
    return to_locale(code).replace("zh_Hant", "zh_HK")


def meta_tags(entry, url, site_name):
    """Open Graph and Twitter card tags, and the canonical link."""
    language = get_language()
    properties = [
        ("og:type", "website"),
        ("og:site_name", site_name),
        ("og:title", entry.name),
        ("og:description", entry.summary),
        ("og:url", url),
        ("og:locale", og_locale(language)),
        *(
            ("og:locale:alternate", og_locale(code))
            for code, _name in settings.LANGUAGES
            if code != language
        ),
    ]
    names = [
        ("twitter:card", "summary"),
        ("twitter:title", entry.name),
        ("twitter:description", entry.summary),
    ]
    tags = [format_html('<link rel="canonical" href="{}">', url)]
    tags += [format_html('<meta property="{}" content="{}">', p, v) for p, v in properties]
    tags += [format_html('<meta name="{}" content="{}">', n, v) for n, v in names]
    return mark_safe("\n  ".join(tags))  # each tag escaped by format_html
