"""The charts of the insights page, drawn on the server as SVG (no chart script, nothing
inline that the Content Security Policy refuses: colours come from insights.css classes).

Every chart is a list of horizontal bars, each bar one or more segments (stacked), and each
segment a link to the listing filtered to what it counts. The same rows make the chart's
data table, the alternative for screen readers and for anyone who prefers numbers.
templates/insights/partials/chart.html draws any Chart.
"""

import unicodedata
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.listing_filterset import sector_choices
from directory.models import ENTRY_MODELS, Institution, Policy
from directory.pages import LISTINGS, listing_href
from directory.templatetags.content_language import format_hkd

# Geometry, in SVG user units (the SVG scales to its container; see insights.css).
WIDTH = 320
LABEL_HEIGHT = 18  # the row's label sits above its bar
BAR_HEIGHT = 16
ROW_GAP = 10
VALUE_CHAR_WIDTH = 7.5  # room per half-width character of a bar's value, right of the bar
# Budgets: the largest this many, so the chart stays readable.
MAX_BUDGET_BARS = 25
# A label longer than this (in half-width characters) is shortened in the chart; the data
# table and the link's name give it whole.
MAX_LABEL_WIDTH = 44


def char_width(char):
    """1 for a half-width character, 2 for a CJK (wide or full-width) one."""
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def text_width(text):
    """`text`'s width in half-width characters ("100億港元" is 3 + 4 * 2 = 11)."""
    return sum(char_width(char) for char in text)


def shortened(text):
    """`text` cut to fit a bar's label line, counting a CJK character as two."""
    width = 0
    for index, char in enumerate(text):
        width += char_width(char)
        if width > MAX_LABEL_WIDTH:
            return text[: index - 1].rstrip() + "…"
    return text


@dataclass
class Segment:
    series: int  # index into the chart's series: its colour and legend entry
    value: int
    href: str
    label: str  # what a screen reader says for the link
    x: float = 0
    width: float = 0


@dataclass
class Bar:
    label: str
    segments: list
    value_text: str = ""
    y: float = 0

    @property
    def total(self):
        return sum(segment.value for segment in self.segments)

    @property
    def bar_y(self):
        return self.y + LABEL_HEIGHT

    @property
    def label_y(self):
        return self.y + LABEL_HEIGHT - 5

    @property
    def value_y(self):
        return self.bar_y + BAR_HEIGHT - 3

    @property
    def value_x(self):
        return round(self.end_x + 4, 1)

    @property
    def short_label(self):
        return shortened(self.label)

    @property
    def end_x(self):
        return max((s.x + s.width for s in self.segments), default=0)


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    series: list  # labels, one per colour
    bars: list
    value_heading: str = ""
    table_series: list = field(default_factory=list)

    def __post_init__(self):
        """Lay the bars out: scaled to the largest total, stacked left to right."""
        for bar in self.bars:
            bar.value_text = bar.value_text or str(bar.total)
        largest = max((bar.total for bar in self.bars), default=0) or 1
        longest_value = max((text_width(bar.value_text) for bar in self.bars), default=0)
        scale = (WIDTH - 8 - longest_value * VALUE_CHAR_WIDTH) / largest
        for index, bar in enumerate(self.bars):
            bar.y = index * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)
            x = 0.0
            for segment in bar.segments:
                segment.x = round(x, 1)
                segment.width = round(max(segment.value * scale, 1), 1)
                x += segment.width

    @property
    def height(self):
        return max(len(self.bars), 1) * (LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP)

    @property
    def width(self):
        return WIDTH

    @property
    def bar_height(self):
        return BAR_HEIGHT

    @property
    def stacked(self):
        return len(self.series) > 1

    def table(self):
        """Rows of the data table: the bar's label, then a cell per series."""
        rows = []
        for bar in self.bars:
            cells = [None] * len(self.series)
            for segment in bar.segments:
                cells[segment.series] = segment
            rows.append({"label": bar.label, "cells": cells, "total": bar.value_text})
        return rows


def listed_types():
    """The entry types with a public listing, in the directory's order."""
    return [model for model in ENTRY_MODELS if model in LISTINGS]


def entries_by_sector():
    """A bar per sector, a segment per entry type: one query per type."""
    models = listed_types()
    counts = [model.objects.published().sector_counts() for model in models]
    bars = []
    for slug, name in sector_choices():
        segments = [
            Segment(
                series=index,
                value=counts[index][slug],
                href=listing_href(model, {"sector": slug}),
                label=f"{name}: {counts[index][slug]} {model._meta.verbose_name_plural}",
            )
            for index, model in enumerate(models)
            if counts[index].get(slug)
        ]
        if segments:
            bars.append(Bar(label=name, segments=segments))
    bars.sort(key=lambda bar: -bar.total)
    return Chart(
        slug="sectors",
        title=_("Entries by sector and type"),
        description=_(
            "How many entries of each type each sector has, largest first. An entry in "
            "several sectors is counted in each. Each part of a bar links to that listing "
            "filtered by the sector."
        ),
        series=[model._meta.verbose_name_plural for model in models],
        bars=bars,
        value_heading=_("Total"),
    )


def policies_by_year():
    """A bar per year, newest first, a segment per kind of policy: one query."""
    kinds = Policy.Kind.choices
    counts = Policy.objects.published().grouped_counts("announced_year", "kind")
    index_of = {value: index for index, (value, _label) in enumerate(kinds)}
    years = sorted({year for year, _kind in counts}, reverse=True)
    bars = []
    for year in years:
        segments = [
            Segment(
                series=index_of[kind],
                value=counts[(year, kind)],
                href=listing_href(Policy, {"kind": kind, "year_min": year, "year_max": year}),
                label=f"{year}, {label}: {counts[(year, kind)]}",
            )
            for kind, label in kinds
            if counts.get((year, kind))
        ]
        bars.append(Bar(label=str(year), segments=segments))
    return Chart(
        slug="policies-by-year",
        title=_("Policies per year, by kind"),
        description=_(
            "How many policies were announced each year, newest first, split by kind. Each "
            "part of a bar links to the policies of that kind and year."
        ),
        series=[label for _value, label in kinds],
        bars=bars,
        value_heading=_("Total"),
    )


def institutions_by_kind():
    """A bar per kind of institution: one query."""
    counts = Institution.objects.published().value_counts("kind")
    bars = [
        Bar(
            label=label,
            segments=[
                Segment(
                    series=0,
                    value=counts[value],
                    href=listing_href(Institution, {"kind": value}),
                    label=f"{label}: {counts[value]}",
                )
            ],
        )
        for value, label in Institution.Kind.choices
        if counts.get(value)
    ]
    bars.sort(key=lambda bar: -bar.total)
    return Chart(
        slug="institutions-by-kind",
        title=_("Institutions by kind"),
        description=_(
            "How many universities, research centres, government bodies, companies and "
            "nonprofits are listed. Each bar links to the institutions of that kind."
        ),
        series=[Institution._meta.verbose_name_plural],
        bars=bars,
        value_heading=_("Institutions"),
    )


def scheme_budgets():
    """A bar per policy stating a budget, largest first: one query."""
    policies = Policy.objects.published().with_budget()[:MAX_BUDGET_BARS]
    bars = [
        Bar(
            label=policy.name,
            value_text=format_hkd(policy.budget_hkd),
            segments=[
                Segment(
                    series=0,
                    value=policy.budget_hkd,
                    href=reverse("directory:policy_detail", kwargs={"slug": policy.slug}),
                    label=f"{policy.name}: {format_hkd(policy.budget_hkd)}",
                )
            ],
        )
        for policy in policies
    ]
    return Chart(
        slug="budgets",
        title=_("Stated budgets of schemes (HK$)"),
        description=_(
            "The budget each funding, talent or other scheme states in its official "
            "sources, largest first; schemes without a stated figure are left out. Each bar "
            "links to the scheme."
        ),
        series=[_("Budget")],
        bars=bars,
        value_heading=_("Budget"),
    )


def all_charts():
    return [entries_by_sector(), policies_by_year(), institutions_by_kind(), scheme_budgets()]
