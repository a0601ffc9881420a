"""Content in the visitor's language, English fallback marked, and each language's own way of
writing dates, numbers and HK$ amounts."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format

from directory.templatetags.content_language import format_hkd, localized_text

NOTE_EN = "(English only)"
NOTE_ZH = "只有英文版本"


def render(source, **context):
    return Template("{% load content_language %}" + source).render(Context(context))


@pytest.fixture
def half_translated(make):
    """An institution whose name is translated but whose summary and description are not."""
    return make.institution(
        name_en="Hong Kong Science Park",
        name_zh_hant="香港科學園",
        summary_en="Home to <b>AI</b> start-ups & labs.",
        summary_zh_hant="",
        description_en="First paragraph.\n\nSecond paragraph.",
    )


@pytest.mark.django_db
def test_a_translated_field_is_shown_plainly_in_each_language(half_translated):
    template = '{% localized entry "name" %}'
    with translation.override("zh-hant"):
        assert render(template, entry=half_translated) == "香港科學園"
    with translation.override("en"):
        assert render(template, entry=half_translated) == "Hong Kong Science Park"


@pytest.mark.django_db
def test_a_missing_chinese_text_shows_the_english_marked_as_such(half_translated):
    with translation.override("zh-hant"):
        html = render('{% localized entry "summary" %}', entry=half_translated)
    assert html == (
        '<span class="fallback-text" lang="en">Home to &lt;b&gt;AI&lt;/b&gt; start-ups &amp; '
        'labs.</span> <span class="fallback-note">（只有英文版本）</span>'  # noqa: RUF001
    )


@pytest.mark.django_db
def test_the_english_interface_never_shows_the_marker(half_translated):
    with translation.override("en"):
        html = render('{% localized entry "summary" %}', entry=half_translated)
    assert html == "Home to &lt;b&gt;AI&lt;/b&gt; start-ups &amp; labs."
    assert "fallback" not in html


@pytest.mark.django_db
def test_without_note_the_fallback_keeps_its_lang_but_drops_the_note(half_translated):
    half_translated.name_zh_hant = ""
    with translation.override("zh-hant"):
        html = render('{% localized entry "name" note=False %}', entry=half_translated)
    assert html == '<span class="fallback-text" lang="en">Hong Kong Science Park</span>'


@pytest.mark.django_db
def test_paragraphs_are_kept_and_the_note_comes_first(half_translated):
    with translation.override("zh-hant"):
        html = render('{% localized entry "description" paragraphs=True %}', entry=half_translated)
    assert html.startswith('<p class="fallback-note">')
    assert NOTE_ZH in html
    assert '<div class="fallback-text" lang="en"><p>First paragraph.</p>' in html
    with translation.override("en"):
        html = render('{% localized entry "description" paragraphs=True %}', entry=half_translated)
    assert html == "<p>First paragraph.</p>\n\n<p>Second paragraph.</p>"


@pytest.mark.django_db
def test_a_field_empty_in_every_language_renders_nothing(make):
    entry = make.institution(description_en="", description_zh_hant="")
    for language in ("en", "zh-hant"):
        with translation.override(language):
            assert render('{% localized entry "description" paragraphs=True %}', entry=entry) == ""


@pytest.mark.django_db
def test_localized_text_reports_language_and_fallback(half_translated):
    summary = localized_text(half_translated, "summary", "zh-hant")
    assert (summary.language, summary.is_fallback) == ("en", True)
    assert str(summary) == half_translated.summary_en
    with translation.override("zh-hant"):
        assert NOTE_ZH in summary.note
    with translation.override("en"):
        assert summary.note == NOTE_EN
    name = localized_text(half_translated, "name", "zh-hant")
    assert (name.text, name.language, name.is_fallback) == ("香港科學園", "zh-hant", False)
    assert name.note == ""


@pytest.mark.django_db
def test_the_filter_form_lets_a_template_build_its_own_markup(half_translated):
    source = (
        '{% with s=entry|localized_value:"summary" %}{{ s.language }} {{ s.is_fallback }}'
        "{% endwith %}"
    )
    with translation.override("zh-hant"):
        assert render(source, entry=half_translated) == "en True"
    with translation.override("en"):
        assert render(source, entry=half_translated) == "en False"


@pytest.mark.django_db
def test_sectors_and_other_translated_models_work_too(make):
    sector = make.sector(name_en="FinTech", name_zh_hant="金融科技")
    with translation.override("zh-hant"):
        assert render('{% localized s "name" %}', s=sector) == "金融科技"


HKD = [
    (0, "HK$0", "0港元"),
    (5_000, "HK$5,000", "5,000港元"),
    (250_000, "HK$250,000", "25萬港元"),
    (3_500_000, "HK$3.5 million", "350萬港元"),
    (120_000_000, "HK$120 million", "1.2億港元"),
    (2_250_000_000, "HK$2.25 billion", "22.5億港元"),
    (10_000_000_000, "HK$10 billion", "100億港元"),
    (1_200_000_000_000, "HK$1,200 billion", "1.2萬億港元"),
    (Decimal("1234.5"), "HK$1,234.5", "1,234.5港元"),
]


@pytest.mark.parametrize(("amount", "english", "chinese"), HKD)
def test_hkd_amounts_read_naturally_in_each_language(amount, english, chinese):
    assert format_hkd(amount, "en") == english
    assert format_hkd(amount, "zh-hant") == chinese


@pytest.mark.parametrize("amount", [None, "", "lots", "nan", "inf"])
def test_hkd_of_nothing_or_nonsense_is_empty(amount):
    assert render("{{ amount|hkd }}", amount=amount) == ""


def test_the_hkd_filter_follows_the_active_language():
    for language, expected in (("en", "HK$10 billion"), ("zh-hant", "100億港元")):
        with translation.override(language):
            assert render("{{ amount|hkd }}", amount=10_000_000_000) == expected


def test_dates_are_written_the_hong_kong_way_in_each_language():
    day = datetime.date(2026, 3, 5)
    with translation.override("en"):
        assert date_format(day) == "5 March 2026"
        assert date_format(day, "SHORT_DATE_FORMAT") == "05/03/2026"
        assert render("{{ day|date }}", day=day) == "5 March 2026"
    with translation.override("zh-hant"):
        assert date_format(day) == "2026年3月5日"
        assert render("{{ day|date }}", day=day) == "2026年3月5日"


def test_numbers_are_grouped_in_thousands_in_both_languages():
    for language in ("en", "zh-hant"):
        with translation.override(language):
            assert number_format(1234567, force_grouping=True) == "1,234,567"
            assert render("{% load humanize %}{{ n|intcomma }}", n=1234567) == "1,234,567"
            # Years are not numbers to group.
            assert render("{{ year }}", year=2026) == "2026"
