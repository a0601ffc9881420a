"""Showing content in the visitor's language, and formatting for each language.

`{% localized entry "summary" %}` prints a translated field in the active language. Where an
editor has not yet written it, modeltranslation falls back to English; the visitor is told so
(a short translated note) and the English text carries `lang="en"`, so screen readers switch
voice and the page stays honest about what is translated.

`{{ policy.budget_hkd|hkd }}` writes an HK$ amount the way each language says it: "HK$10
billion" in English, "100億港元" in Chinese (which counts in 萬 and 億, not thousands).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, resolution_order

register = template.Library()

FALLBACK_NOTES = {"en": _("(English only)")}


@dataclass(frozen=True)
class LocalizedText:
    """A translated field's text as shown, the language it is actually in, and whether that
    is a fallback from the visitor's language."""

    text: str
    language: str
    is_fallback: bool

    def __str__(self):
        return self.text

    @property
    def note(self):
        """The short note telling the visitor this text is not in their language."""
        if not self.is_fallback:
            return ""
        return str(FALLBACK_NOTES.get(self.language, _("(not yet translated)")))


def localized_text(instance, field, language=None):
    """The text of a translated `field` in `language` (default: the active one), falling back
    in modeltranslation's order, with the language the text is really in."""
    language = language or get_language()
    for code in resolution_order(language):
        value = getattr(instance, build_localized_fieldname(field, code), None)
        if value:
            return LocalizedText(str(value), code, code != language)
    return LocalizedText("", language, False)


@register.filter
def localized_value(instance, field):
    """`{% with summary=entry|localized_value:"summary" %}` for templates that need their own
    markup around the text, language and fallback flag."""
    return localized_text(instance, field)


@register.simple_tag
def localized(instance, field, note=True, paragraphs=False):
    """The field's text in the active language; a fallback is wrapped in an element with its
    own `lang` and followed by a translated note (`note=False` drops the note, e.g. for names
    in a compact list). `paragraphs=True` turns line breaks into paragraphs, for descriptions."""
    value = localized_text(instance, field)
    if not value.text:
        return ""
    # linebreaks() escapes the text itself when autoescape is on; only its <p> tags are raw.
    body = mark_safe(linebreaks(value.text, autoescape=True)) if paragraphs else value.text
    if not value.is_fallback:
        return format_html("{}", body)
    tag = "div" if paragraphs else "span"
    text = format_html('<{0} class="fallback-text" lang="{1}">{2}</{0}>', tag, value.language, body)
    if not note:
        return text
    if paragraphs:
        return format_html('<p class="fallback-note">{}</p>{}', value.note, text)
    return format_html('{} <span class="fallback-note">{}</span>', text, value.note)


# --- Money -------------------------------------------------------------------------------

# Each language's large-number words, largest first: (size, pattern). English counts in
# thousands; Chinese counts in ten-thousands (萬) and hundred-millions (億).
_MONEY_SCALES = {
    "en": ((10**9, "HK${amount} billion"), (10**6, "HK${amount} million")),
    "zh-hant": ((10**12, "{amount}萬億港元"), (10**8, "{amount}億港元"), (10**4, "{amount}萬港元")),
}
_MONEY_PLAIN = {"en": "HK${amount}", "zh-hant": "{amount}港元"}


def _grouped(number):
    """A Decimal with thousands commas and at most two decimals, trailing zeros dropped (Hong
    Kong groups digits in threes in both languages)."""
    text = f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"
    return text.rstrip("0").rstrip(".")


def format_hkd(amount, language=None):
    """An HK$ amount in words natural to `language`: 'HK$10 billion' or '100億港元'."""
    try:
        amount = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not amount.is_finite():
        return ""
    language = language or get_language()
    code = language if language in _MONEY_PLAIN else "en"
    for size, pattern in _MONEY_SCALES[code]:
        if abs(amount) >= size:
            return pattern.format(amount=_grouped(amount / size))
    return _MONEY_PLAIN[code].format(amount=_grouped(amount))


@register.filter
def hkd(amount):
    """`{{ policy.budget_hkd|hkd }}`: empty for a missing amount."""
    if amount is None or amount == "":
        return ""
    return format_hkd(amount)
