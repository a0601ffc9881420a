"""How to cite an entry: APA (7th edition) on English pages, GB/T 7714-2015 on Chinese ones,
and BibTeX for reference managers. The entry's page is its permalink: an editor's later
change of slug redirects the old address (opendata/redirects.py).

The portal is the author (a group author, as APA and GB/T 7714 both allow), the entry's last
change is its date, and the day of reading is the retrieval date an online source needs.
"""

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import override

BIBTEX_SPECIAL = str.maketrans({c: f"\\{c}" for c in "&%$#_{}"} | {"\\": r"\textbackslash{}"})


def apa(entry, url, today=None):
    """HK AI Portal. (2026, December 3). Cyberport. HK AI Portal. Retrieved December 4,
    2026, from https://…"""
    today = today or timezone.localdate()
    with override("en"):
        site = _("HK AI Portal")
        updated = format_date(timezone.localtime(entry.updated), "Y, F j")
        retrieved = format_date(today, "F j, Y")
    return f"{site}. ({updated}). {entry.name}. {site}. Retrieved {retrieved}, from {url}"


def gb_t_7714(entry, url, today=None):
    """香港人工智能資訊平台. 數碼港[EB/OL]. (2026-12-03)[2026-12-04]. https://…"""
    today = today or timezone.localdate()
    with override("zh-hant"):
        site = _("HK AI Portal")
    updated = timezone.localtime(entry.updated).date().isoformat()
    return f"{site}. {entry.name}[EB/OL]. ({updated})[{today.isoformat()}]. {url}"


def for_language(entry, url, language):
    return gb_t_7714(entry, url) if language.startswith("zh") else apa(entry, url)


def bibtex(entry, url, today=None):
    """A @misc record with the entry's name in the visitor's language."""
    today = today or timezone.localdate()
    updated = timezone.localtime(entry.updated)

    def field(text):
        return "{" + str(text).translate(BIBTEX_SPECIAL) + "}"

    key = f"hkaiportal-{entry._meta.model_name}-{entry.slug}"
    fields = {
        "author": "{" + field(_("HK AI Portal")) + "}",  # a group author, kept whole
        "title": "{" + field(entry.name) + "}",
        "year": field(updated.year),
        "month": field(updated.month),
        "url": "{" + url + "}",
        "urldate": field(today.isoformat()),
        "note": field(_("Last updated %(date)s") % {"date": updated.date().isoformat()}),
    }
    body = ",\n".join(f"  {name} = {value}" for name, value in fields.items())
    return f"@misc{{{key},\n{body}\n}}\n"
