"""Full-page screenshots of every kind of page, on the demo data: `make screenshots`.

Home, a listing, a detail page and each insights page (timeline, charts, district map, three
institutions compared, the challenge-response matrix, the funding finder with its questions
answered), on a desktop (1280x800) and a phone (390x844), in English and in Chinese, written
as PNGs to .screenshots/ (git-ignored; SCREENSHOTS_DIR=... elsewhere). Then each page is
measured as tests/browser/test_insights.py measures the insights pages (layout.py), and the
run fails listing anything that overlaps, is cut off or scrolls sideways; the screenshots are
written first, to look at either way.

It is not a test module (its name does not start with `test_`), so a plain `pytest` leaves it
out; `make screenshots` names it. It uses the browser tests' fixtures: Chromium, pages, and
`live_server` with the demo fixtures loaded.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.layout import layout_problems

OUTPUT = Path(os.environ.get("SCREENSHOTS_DIR") or Path(settings.BASE_DIR) / ".screenshots")
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
LANGUAGES = {"en": "en-GB", "zh-hant": "zh-HK"}
PAGES = {
    "home": "",
    "listing": "institutions/",
    "detail": "institutions/hkust/",
    "timeline": "timeline/",
    "insights": "insights/",
    "map": "map/",
    "compare": "institutions/compare/?entries=hku,hkust,cuhk",
    "matrix": "challenges/matrix/",
    "funding": "funding/?applicant=university&stage=research&sector=ai-research",
}


@pytest.fixture
def demo_site(live_server, transactional_db):
    call_command("loaddata", *settings.DEMO_FIXTURES, verbosity=0)
    return live_server.url


@pytest.mark.parametrize("device", VIEWPORTS)
def test_screenshots(new_page, demo_site, device):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    problems = []
    for lang, locale in LANGUAGES.items():
        page = new_page(locale=locale, **VIEWPORTS[device])
        for name, path in PAGES.items():
            page.goto(f"{demo_site}/{lang}/{path}")
            page.wait_for_load_state("load")
            page.screenshot(path=OUTPUT / f"{name}-{device}-{lang}.png", full_page=True)
            problems += [f"{name} ({lang}): {problem}" for problem in layout_problems(page)]
        assert page.js_errors == [] and page.bad_responses == []
    print(f"\n{2 * len(PAGES)} screenshots ({device}) in {OUTPUT}")
    assert not problems, "\n".join(problems)
