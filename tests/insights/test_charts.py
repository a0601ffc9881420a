"""The insights page: four server-drawn SVG charts, each with a title, a description, a
data table, and every bar a link to the listing with that filter."""

import gzip
import re

import pytest
from django.utils import translation

from directory.models import ENTRY_MODELS
from insights import charts

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    health = make.sector(name="Health", slug="health")
    make.institution(kind="university", sectors=[fintech, health])
    make.institution(kind="university", sectors=[fintech])
    make.institution(kind="government")
    make.hub(sectors=[fintech])
    make.policy(kind="funding", announced_year=2024, budget_hkd=3_000_000_000, name="AISS")
    make.policy(kind="funding", announced_year=2024, budget_hkd=10_000_000_000, name="InnoHK")
    make.policy(kind="strategy", announced_year=2017, sectors=[health])
    make.policy(kind="strategy", announced_year=2017, status="draft", budget_hkd=5)
    make.challenge(sectors=[fintech])


def figure(html, slug):
    start = html.index(f'<figure class="chart" id="{slug}"')
    return html[start : html.index("</figure>", start)]


def test_entries_by_sector_counts_each_type_and_links_to_its_filtered_listing(landscape):
    chart = charts.entries_by_sector()
    fintech = chart.bars[0]
    assert fintech.label == "FinTech" and fintech.total == 4
    assert {s.href: s.value for s in fintech.segments} == {
        "/en/institutions/?sector=fintech": 2,
        "/en/hubs/?sector=fintech": 1,
        "/en/challenges/?sector=fintech": 1,
    }
    assert [b.label for b in chart.bars] == ["FinTech", "Health"]


def test_every_listed_entry_type_is_a_series():
    assert [str(s) for s in charts.entries_by_sector().series] == [
        str(m._meta.verbose_name_plural) for m in ENTRY_MODELS
    ]


def test_policies_per_year_by_kind_newest_first(landscape):
    chart = charts.policies_by_year()
    assert [b.label for b in chart.bars] == ["2024", "2017"]
    (segment,) = chart.bars[0].segments
    assert segment.value == 2
    assert segment.href == "/en/policies/?kind=funding&year_min=2024&year_max=2024"


def test_institutions_by_kind(landscape):
    chart = charts.institutions_by_kind()
    assert [(b.label, b.total) for b in chart.bars] == [
        ("University", 2),
        ("Government body or regulator", 1),
    ]
    assert chart.bars[0].segments[0].href == "/en/institutions/?kind=university"


def test_budgets_largest_first_in_hkd_published_only(landscape):
    chart = charts.scheme_budgets()
    assert [(b.label, b.value_text) for b in chart.bars] == [
        ("InnoHK", "HK$10 billion"),
        ("AISS", "HK$3 billion"),
    ]
    assert chart.bars[0].segments[0].href.startswith("/en/policies/")


def test_bars_fit_the_chart_and_scale_to_the_largest(landscape):
    for chart in charts.all_charts():
        for bar in chart.bars:
            assert 0 < bar.value_x < chart.width
        widths = [bar.end_x for bar in chart.bars]
        assert widths == sorted(widths, reverse=True) or chart.slug == "policies-by-year"


@pytest.mark.parametrize("lang", ["en", "zh-hant"])
def test_values_have_room_right_of_the_longest_bar_in_either_language(landscape, lang):
    """ "100億港元" is as wide as eleven half-width characters, not five."""
    with translation.override(lang):
        chart = charts.scheme_budgets()
        for bar in chart.bars:
            room = chart.width - bar.value_x
            assert charts.text_width(bar.value_text) * charts.VALUE_CHAR_WIDTH <= room


def test_long_labels_are_shortened_in_the_chart_only():
    assert charts.shortened("Short") == "Short"
    long_en = "Research, Academic and Industry Sectors One-plus Scheme (RAISE+)"
    assert charts.shortened(long_en).endswith("…")
    assert len(charts.shortened(long_en)) <= charts.MAX_LABEL_WIDTH
    assert len(charts.shortened("人工智能" * 20)) <= charts.MAX_LABEL_WIDTH // 2 + 1


def test_page_has_title_description_svg_links_and_data_table(client, landscape):
    response = client.get("/en/insights/")
    assert response.status_code == 200
    html = response.content.decode()
    for slug in ("sectors", "policies-by-year", "institutions-by-kind", "budgets"):
        part = figure(html, slug)
        assert f'<h2 class="chart__title" id="{slug}-title">' in part
        assert f'aria-describedby="{slug}-description"' in part
        assert "<svg" in part and "<table>" in part
        assert re.search(r'<a href="/en/[^"]+" aria-label="[^"]+"><rect', part)
    assert 'href="/en/institutions/?sector=fintech" aria-label="FinTech: 2 institutions"' in html


def test_nothing_inline_that_the_csp_refuses_and_small_svg(client, landscape):
    html = client.get("/en/insights/").content.decode()
    for svg in re.findall(r"<svg class=\"chart__svg\".*?</svg>", html, re.S):
        assert "style" not in svg and "<script" not in svg and "on" + "click" not in svg
        assert len(gzip.compress(svg.encode())) < 50_000
    assert "<script>" not in html and " style=" not in html


def test_empty_directory_says_so(client):
    html = client.get("/en/insights/").content.decode()
    assert html.count("Nothing to show yet.") == 4


def test_chinese_page_links_to_chinese_listings(client, landscape):
    html = client.get("/zh-hant/insights/").content.decode()
    assert 'href="/zh-hant/institutions/?sector=fintech"' in html
    assert "100億港元" in html
