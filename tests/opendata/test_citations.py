"""Cite this entry: APA in English, GB/T 7714 in Chinese, BibTeX to download."""

import datetime

import pytest

from opendata import citations

pytestmark = pytest.mark.django_db


def test_apa_citation_on_english_pages(client, data):
    html = client.get("/en/hubs/cyberport/").content.decode()
    assert "Cite this entry" in html
    updated = data["cyberport"].updated
    assert f"HK AI Portal. ({updated.year}, " in html
    assert "Cyberport. HK AI Portal. Retrieved " in html
    assert "from http://testserver/en/hubs/cyberport/" in html
    assert 'href="/en/hubs/cyberport/cite.bib"' in html


def test_gb_t_7714_citation_on_chinese_pages(client, data):
    html = client.get("/zh-hant/hubs/cyberport/").content.decode()
    assert '香港人工智能資訊平台. 數碼港<span lang="en">[EB/OL]</span>. (' in html
    assert "]. http://testserver/zh-hant/hubs/cyberport/" in html


def test_apa_and_gb_t_7714_formats(data):
    hub = data["cyberport"]
    hub.updated = datetime.datetime(2026, 12, 3, 4, tzinfo=datetime.UTC)
    today = datetime.date(2026, 12, 5)
    assert citations.apa(hub, "https://x/", today) == (
        "HK AI Portal. (2026, December 3). Cyberport. HK AI Portal. "
        "Retrieved December 5, 2026, from https://x/"
    )
    assert citations.gb_t_7714(hub, "https://x/", today) == (
        "香港人工智能資訊平台. Cyberport[EB/OL]. (2026-12-03)[2026-12-05]. https://x/"
    )


def test_bibtex_download(client, data):
    response = client.get("/en/policies/fintech-2025/cite.bib")
    assert response["Content-Type"] == "application/x-bibtex"
    assert response["Content-Disposition"] == 'attachment; filename="fintech-2025.bib"'
    text = response.content.decode()
    assert text.startswith("@misc{hkaiportal-policy-fintech-2025,\n")
    assert "  title = {{Fintech 2025}}," in text
    assert "  author = {{HK AI Portal}}," in text
    assert "  url = {http://testserver/en/policies/fintech-2025/}," in text
    assert text.rstrip().endswith("}")


def test_bibtex_escapes_what_latex_would_read(data):
    hub = data["cyberport"]
    hub.name = "R&D 100% {fast}_#1"
    text = citations.bibtex(hub, "https://x/a_b")
    assert r"title = {{R\&D 100\% \{fast\}\_\#1}}" in text
    assert "url = {https://x/a_b}" in text


def test_bibtex_of_a_draft_or_unknown_entry_is_not_found(client, data):
    assert client.get("/en/institutions/secret-draft-institution/cite.bib").status_code == 404
    assert client.get("/en/unicorns/hku/cite.bib").status_code == 404
