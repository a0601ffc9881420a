"""The challenge-response matrix: challenges by sectors, each cell the policies addressing
that challenge in that sector (with their issuing bodies), empty cells saying so."""

import re

import pytest

from directory.models import Policy
from insights import matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    health = make.sector(name="Health", slug="health")
    hkma = make.institution(name="HKMA", kind="government")
    talent = make.challenge(name="Talent shortage", slug="talent")
    data = make.challenge(name="Data access", slug="data", category="data")
    scheme = make.policy(name="Talent scheme", issuer=hkma, sectors=[fintech])
    scheme.challenges.add(talent)
    draft = make.policy(name="Draft scheme", status="draft", sectors=[health])
    draft.challenges.add(talent)
    make.challenge(name="Hidden", status="draft")
    return {"fintech": fintech, "health": health, "talent": talent, "data": data}


def test_responding_types_are_those_linking_to_challenges():
    assert matrix.responding_models() == [Policy]


def test_cells_list_the_policies_and_their_bodies(landscape):
    built = matrix.build_matrix()
    assert [slug for slug, _name in built.sectors] == ["fintech", "health"]
    assert [row.challenge.name for row in built.rows] == ["Data access", "Talent shortage"]
    talent = built.rows[1]
    fintech_cell, health_cell = talent.cells
    assert [p.name for p in fintech_cell.responses] == ["Talent scheme"]
    assert [b.name for b in fintech_cell.bodies] == ["HKMA"]
    assert health_cell.responses == []  # the draft is not shown


def test_a_full_cell_links_to_the_rest(make, landscape, monkeypatch):
    monkeypatch.setattr(matrix, "MAX_PER_CELL", 2)
    for i in range(3):
        make.policy(name=f"More {i}", sectors=[landscape["health"]]).challenges.add(
            landscape["data"]
        )
    cell = matrix.build_matrix().rows[0].cells[1]
    assert len(cell.responses) == 2 and cell.more == 1
    assert cell.more_href == "/en/policies/?challenge=data&sector=health"


def test_page_marks_the_gaps(client, landscape):
    response = client.get("/en/challenges/matrix/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("nothing listed yet") == 3
    assert re.search(r'<th scope="row"><a href="/en/challenges/talent/">Talent shortage</a>', html)
    assert '<th scope="col">FinTech</th>' in html
    assert "Draft scheme" not in html and "Hidden" not in html


def test_too_many_challenges_stop_with_a_link(client, make, landscape, monkeypatch):
    monkeypatch.setattr(matrix, "MAX_ROWS", 1)
    html = client.get("/en/challenges/matrix/").content.decode()
    assert "Showing the first 1 challenge." in html


def test_the_challenge_detail_pages_still_work(client, landscape):
    assert client.get("/en/challenges/talent/").status_code == 200


def test_chinese_page(client, landscape):
    response = client.get("/zh-hant/challenges/matrix/")
    assert response.status_code == 200
    assert 'href="/zh-hant/challenges/talent/"' in response.content.decode()
