"""Every insights page in both languages: the right `lang`, both alternates, and no English
left in the Chinese interface (the directory's own check, tests/i18n/test_pages.py, run on
these pages with the same bilingual directory)."""

import pytest

from tests.i18n.html_text import elements, english_words_in
from tests.i18n.test_pages import ACRONYMS, alternates, world  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PAGES = [
    "insights/",
    "timeline/",
    "timeline/?kind=strategy&sector=fintech",
    "map/",
    "map/?type=hub",
    "challenges/matrix/",
    "funding/",
    "funding/?applicant=startup&stage=early",
    "institutions/compare/?entries=harbour-university,fintech-association",
    "institutions/compare/",
]
# Proper names in the credit for the map's outlines.
CREDITS = {"Victor", "Cazanave", "MapSVG"}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_every_page_declares_its_language_and_links_both(client, world, language, page):  # noqa: F811
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert elements(html, "html")[0]["lang"] == language
    assert alternates(html)["zh-hant"] == f"http://testserver/zh-hant/{page}"


@pytest.mark.parametrize("page", PAGES)
def test_the_chinese_interface_has_no_english_left(client, world, page):  # noqa: F811
    html = client.get(f"/zh-hant/{page}").content.decode()
    # The untranslated association summary is marked lang="en" and so not counted.
    assert english_words_in(html, "zh", ACRONYMS | CREDITS | {"HK"}) == []


def test_chinese_titles(client, world):  # noqa: F811
    assert "時間線" in client.get("/zh-hant/timeline/").content.decode()
    assert "資助搜尋器" in client.get("/zh-hant/funding/").content.decode()
    assert "挑戰與回應" in client.get("/zh-hant/challenges/matrix/").content.decode()
