"""The promise of docs/architecture.md's "How to add a field": a filter declared on a
FilterSet, and named in its `checkbox_filters`, is all a listing needs to offer it. The
panel shows it with facet counts, the listing filters by it, a shared URL keeps it, and the
page still runs the same number of queries however many entries there are.

The throwaway filter here offers policies by year announced, as checkboxes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import filters, views

pytestmark = pytest.mark.django_db

YEARS = [("2019", "2019"), ("2024", "2024")]


class PolicyFilterSetWithYears(filters.PolicyFilterSet):
    announced = filters.choice_filter(YEARS, "Announced in", field_name="announced_year")

    checkbox_filters = (*filters.PolicyFilterSet.checkbox_filters, "announced")


@pytest.fixture
def listing_with_years(monkeypatch):
    monkeypatch.setattr(views.policy_list, "filterset_class", PolicyFilterSetWithYears)


def add_policies(make, n):
    for i in range(n):
        make.policy(name=f"Old scheme {i}", announced_year=2019)
        make.policy(name=f"New scheme {i}", announced_year=2024)


def test_the_new_filter_appears_in_the_panel_with_its_counts(client, make, listing_with_years):
    add_policies(make, 2)
    make.policy(name="Draft scheme", announced_year=2019, status="draft")
    page = client.get("/en/policies/", {"kind": "strategy"})
    group = next(g for g in page.context["checkbox_groups"] if g["name"] == "announced")
    assert group["legend"] == "Announced in"
    assert {o["value"]: o["count"] for o in group["options"]} == {"2019": 2, "2024": 2}
    html = page.content.decode()
    assert 'name="announced" value="2019" id="id_announced_2019"' in html


def test_the_new_filter_filters_the_listing_and_its_url_is_shareable(
    client, make, listing_with_years
):
    add_policies(make, 2)
    page = client.get("/en/policies/", {"announced": "2024", "sort": "newest"})
    cards = page.context["cards"]
    assert len(cards) == 2 and all("New scheme" in card for card in cards)
    assert page.context["filterset"].query == "announced=2024&sort=newest"
    chip = next(chip for chip in page.context["chips"] if chip["label"] == "Announced in")
    assert (chip["value"], chip["query"]) == ("2024", "sort=newest")
    ignored = client.get("/en/policies/", {"announced": ["2024", "1066"]})
    assert len(ignored.context["cards"]) == 2
    assert ignored.context["ignored"] == [{"label": "Announced in", "value": "1066"}]


def test_the_new_filter_keeps_the_query_count_constant(client, make, settings, listing_with_years):
    settings.PAGE_CACHE_ENABLED = False  # every request reaches the view

    def queries(path, **headers):
        client.get(path, **headers)  # fill the fragment cache, as any earlier visitor would
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, **headers).status_code == 200
        return len(captured)

    path = "/en/policies/?announced=2019&kind=strategy&page=1"
    add_policies(make, 3)
    small = (queries(path), queries(path, HTTP_HX_REQUEST="true"))
    add_policies(make, 30)
    assert (queries(path), queries(path, HTTP_HX_REQUEST="true")) == small
