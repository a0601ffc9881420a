"""Every public page in both languages: the right `lang`, alternates for both languages, the
interface translated, no English left in the Chinese interface except proper names and text an
editor has not translated yet (which is marked), and search and filters in either language."""

import datetime
import re
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.models import District, Hub, Institution, Policy
from tests.i18n.html_text import elements, english_words_in, texts

LANGUAGES = ("en", "zh-hant")
CJK = re.compile(r"[\u3400-\u9fff]")
ACRONYMS = frozenset({"AI"})
# The search box's placeholder shows a query in each language, to say both work.
SEARCH_EXAMPLES = ("FinTech", "金融科技")
UNTRANSLATED_SUMMARY = "Promotes fintech adoption across the financial industry."


@pytest.fixture
def world(make):
    """A small directory written in both languages, except one deliberately untranslated
    summary (an editor's work in progress)."""
    fintech = make.sector(
        name_en="FinTech",
        name_zh_hant="金融科技",
        slug="fintech",
        description_en="Finance and technology.",
        description_zh_hant="金融與科技。",
    )
    university = make.institution(
        name_en="Harbour University",
        name_zh_hant="海港大學",
        slug="harbour-university",
        short_name_en="HarbourU",
        short_name_zh_hant="海大",
        summary_en="A research university by the harbour.",
        summary_zh_hant="海旁的研究型大學。",
        description_en="Founded long ago.\n\nTeaches AI.",
        description_zh_hant="歷史悠久。\n\n教授人工智能。",
        district=District.SHA_TIN,
        founded=1911,
        last_reviewed=datetime.date(2026, 3, 5),
        sectors=[fintech],
    )
    university.sources.create(
        title_en="Annual report",
        title_zh_hant="年報",
        publisher_en="Harbour University",
        publisher_zh_hant="海港大學",
        url="https://example.org/report",
        accessed=datetime.date(2026, 1, 2),
    )
    association = make.institution(
        name_en="FinTech Association",
        name_zh_hant="金融科技協會",
        slug="fintech-association",
        kind=Institution.Kind.NONPROFIT,
        summary_en=UNTRANSLATED_SUMMARY,
        summary_zh_hant="",
        sectors=[fintech],
    )
    hub = make.hub(
        name_en="Harbour Science Park",
        name_zh_hant="海港科學園",
        slug="harbour-science-park",
        summary_en="Labs and offices for start-ups.",
        summary_zh_hant="為初創企業而設的實驗室和辦公室。",
        address_en="1 Science Avenue",
        address_zh_hant="科學大道1號",
        operator=university,
        district=District.SHA_TIN,
        offers_space=True,
        offers_funding=True,
        sectors=[fintech],
    )
    university.hubs.add(hub)
    challenge = make.challenge(
        name_en="Talent shortage",
        name_zh_hant="人才短缺",
        slug="talent-shortage",
        summary_en="Too few AI engineers.",
        summary_zh_hant="人工智能工程師不足。",
        opportunity_en="Train more engineers.",
        opportunity_zh_hant="培訓更多工程師。",
        sectors=[fintech],
    )
    policy = make.policy(
        name_en="Harbour AI Blueprint",
        name_zh_hant="海港人工智能藍圖",
        slug="harbour-ai-blueprint",
        summary_en="A plan for AI.",
        summary_zh_hant="人工智能發展計劃。",
        kind=Policy.Kind.STRATEGY,
        issuer=university,
        announced_year=2024,
        announced_on=datetime.date(2024, 2, 28),
        budget_hkd=10_000_000_000,
        stage=Policy.Stage.ACTIVE,
        sectors=[fintech],
    )
    policy.challenges.add(challenge)
    return {
        "sector": fintech,
        "university": university,
        "association": association,
        "hub": hub,
        "challenge": challenge,
        "policy": policy,
    }


PAGES = [
    "",
    "institutions/",
    "institutions/?district=sha-tin&sort=name",
    "hubs/",
    "hubs/?support=funding",
    "policies/",
    "policies/?status=active",
    "challenges/",
    "institutions/harbour-university/",
    "institutions/fintech-association/",
    "hubs/harbour-science-park/",
    "policies/harbour-ai-blueprint/",
    "challenges/talent-shortage/",
    "sectors/fintech/",
    "search/",
    "search/?q=harbour",
    "search/?q=nothing-matches-this",
    "institutions/?q=nothing-matches-this",
]


def get(client, language, page, status=200):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == status, (language, page)
    return response.content.decode()


def alternates(html):
    return {
        attrs["hreflang"]: attrs["href"]
        for attrs in elements(html, "link")
        if attrs.get("rel") == "alternate" and "hreflang" in attrs
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_declares_its_language_and_links_both(client, world, language, page):
    html = get(client, language, page)
    assert elements(html, "html")[0]["lang"] == language
    links = alternates(html)
    assert links == {
        "en": f"http://testserver/en/{page}",
        "zh-hant": f"http://testserver/zh-hant/{page}",
        "x-default": f"http://testserver/en/{page}",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_the_chinese_interface_has_no_english_left(client, world, page):
    """Any Latin-script word in text marked as Chinese is an untranslated string (or content
    that should carry lang="en"). Allowed: acronyms, web addresses, and the one summary the
    editors have not translated, which must be marked as English."""
    html = get(client, "zh-hant", page)
    allowed = ACRONYMS | {SEARCH_EXAMPLES[0]} | set(UNTRANSLATED_SUMMARY.rstrip(".").split())
    # The visitor's own query, echoed back.
    for q in parse_qs(urlsplit(page).query).get("q", []):
        allowed |= {q, *q.split("-")}
    leftovers = english_words_in(html, "zh", allowed)
    assert leftovers == []


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_the_english_interface_has_no_chinese_outside_chinese_marked_text(client, world, page):
    html = get(client, "en", page)
    stray = [
        t
        for t in texts(html)
        if CJK.search(t.text.replace(SEARCH_EXAMPLES[1], "")) and not t.lang.startswith("zh")
    ]
    assert stray == []


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_the_chinese_interface_shows_the_translated_navigation(client, world, page):
    html = get(client, "zh-hant", page)
    shown = {t.text for t in texts(html)}
    with translation.override("zh-hant"):
        for label in ("Institutions", "Hubs", "Policies", "Challenges"):
            assert translation.gettext(label) in shown, label


@pytest.mark.django_db
def test_choices_and_labels_are_translated_on_a_listing(client, world):
    html = get(client, "zh-hant", "institutions/?district=sha-tin")
    page_text = " ".join(t.text for t in texts(html))
    for chinese in ("沙田區", "大學", "中西區", "海港大學", "海旁的研究型大學"):
        assert chinese in page_text


@pytest.mark.django_db
def test_detail_pages_show_chinese_content_dates_and_amounts(client, world):
    html = get(client, "zh-hant", "policies/harbour-ai-blueprint/")
    page_text = " ".join(t.text for t in texts(html))
    assert "海港人工智能藍圖" in page_text
    assert "100億港元" in page_text
    assert "2024年2月28日" in page_text
    html = get(client, "en", "policies/harbour-ai-blueprint/")
    page_text = " ".join(t.text for t in texts(html))
    assert "HK$10 billion" in page_text
    assert "28 February 2024" in page_text
    html = get(client, "zh-hant", "institutions/harbour-university/")
    page_text = " ".join(t.text for t in texts(html))
    assert "2026年3月5日" in page_text  # last reviewed
    assert "2026年1月2日" in page_text  # source accessed


FALLBACK = re.compile(
    r'<span class="fallback-text" lang="en">' + re.escape(UNTRANSLATED_SUMMARY) + r"</span>"
    r'\s*<span class="fallback-note">[^<]*只有英文版本[^<]*</span>'
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", ["institutions/", "institutions/fintech-association/", "sectors/fintech/"]
)
def test_an_untranslated_summary_shows_in_english_marked_in_chinese_only(client, world, page):
    html = get(client, "zh-hant", page)
    assert FALLBACK.search(html)
    html = get(client, "en", page)
    assert UNTRANSLATED_SUMMARY in html
    assert "fallback" not in html


@pytest.mark.django_db
def test_a_translated_summary_is_not_marked(client, world):
    html = get(client, "zh-hant", "institutions/harbour-university/")
    assert "海旁的研究型大學" in html
    assert "fallback-text" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("en", "金融科技", "FinTech Association"),
        ("en", "海港", "Harbour University"),
        ("zh-hant", "FinTech", "金融科技協會"),
        ("zh-hant", "harbour university", "海港大學"),
        ("zh-hant", "海港", "海港科學園"),
    ],
)
def test_search_finds_entries_in_either_language_from_either_interface(
    client, world, language, query, expected
):
    html = get(client, language, f"search/?q={query}")
    names = {t.text for t in texts(html)}
    assert expected in names


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "page", "shown", "hidden"),
    [
        ("en", "institutions/?q=金融科技", "FinTech Association", "Harbour University"),
        ("zh-hant", "institutions/?q=harbour", "海港大學", "金融科技協會"),
        ("zh-hant", "institutions/?kind=nonprofit", "金融科技協會", "海港大學"),
        ("zh-hant", "hubs/?q=科學園&district=sha-tin", "海港科學園", None),
        ("en", "policies/?q=藍圖", "Harbour AI Blueprint", None),
        ("zh-hant", "challenges/?q=talent", "人才短缺", None),
    ],
)
def test_filters_work_in_either_language(client, world, language, page, shown, hidden):
    names = {t.text for t in texts(get(client, language, page))}
    assert shown in names
    assert hidden is None or hidden not in names


def switcher_links(html):
    """The language switcher's links: one per language, each marked with hreflang."""
    return {
        attrs["hreflang"]: attrs["href"]
        for attrs in elements(html, "a")
        if "hreflang" in attrs and attrs.get("href", "").startswith("/")
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "institutions/?district=sha-tin&district=islands&kind=university&sort=name&page=2",
        "policies/?status=active&year_min=2020&q=AI&page=2",
        "search/?q=%E9%87%91%E8%9E%8D%E7%A7%91%E6%8A%80",  # 金融科技, as a browser sends it
        "institutions/harbour-university/",
    ],
)
def test_the_switcher_keeps_the_page_its_filters_and_page_number(client, world, make, page):
    for n in range(25):
        make.institution(district=District.SHA_TIN, name_zh_hant=f"大學{n}")
    html = get(client, "en", page)
    links = switcher_links(html)
    assert set(links) == {"en", "zh-hant"}
    for language, href in links.items():
        target = urlsplit(href)
        assert target.path == urlsplit(f"/{language}/{page}").path
        assert same_query(target.query, urlsplit(page).query)
    html = get(client, "zh-hant", page)
    assert same_query(urlsplit(switcher_links(html)["en"]).query, urlsplit(page).query)


def same_query(one, other):
    """The same parameters and values, in any order."""
    return sorted(parse_qsl(one)) == sorted(parse_qsl(other))


@pytest.mark.django_db
def test_the_switcher_follows_htmx_filtering(client, world):
    """htmx swaps only the results, so the switcher comes along out of band with the new
    query; otherwise switching language mid-filter would drop the filters."""
    response = client.get(
        "/en/institutions/?kind=university&page=1", headers={"HX-Request": "true"}
    )
    links = switcher_links(response.content.decode())
    assert links["zh-hant"] == "/zh-hant/institutions/?kind=university&page=1"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_not_found_page_is_in_the_visitors_language(client, world, language):
    html = get(client, language, "no-such-page/", status=404)
    assert elements(html, "html")[0]["lang"] == language
    if language == "zh-hant":
        assert english_words_in(html, "zh", ACRONYMS) == []
        assert CJK.search(" ".join(t.text for t in texts(html)))


@pytest.mark.django_db
def test_the_server_error_page_is_in_the_visitors_language():
    with translation.override("zh-hant"):
        html = render_to_string("500.html", request=RequestFactory().get("/zh-hant/"))
    assert elements(html, "html")[0]["lang"] == "zh-hant"
    assert english_words_in(html, "zh", ACRONYMS) == []
    with translation.override("zh-hant"):
        assert translation.gettext("Something went wrong on our side") in html


@pytest.mark.django_db
def test_hub_support_and_kind_choices_are_translated(client, world):
    html = get(client, "zh-hant", "hubs/harbour-science-park/")
    page_text = " ".join(t.text for t in texts(html))
    with translation.override("zh-hant"):
        for label in (Hub.Support.FUNDING.label, Hub.Kind.SCIENCE_PARK.label, "科學大道1號"):
            assert str(label) in page_text


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bad_request_is_answered_in_the_visitors_language(client, language):
    """More parameters than Django accepts is a 400; its page speaks the visitor's language."""
    query = "&".join(f"p{n}=1" for n in range(1100))
    response = client.get(f"/{language}/institutions/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert elements(html, "html")[0]["lang"] == language
    with translation.override(language):
        assert translation.gettext("That request could not be understood") in html
    if language == "zh-hant":
        assert english_words_in(html, "zh", ACRONYMS) == []


@pytest.mark.django_db
@override_settings(PAGE_CACHE_ENABLED=False, FRAGMENT_CACHE_ENABLED=False)
@pytest.mark.parametrize("page", PAGES)
def test_chinese_pages_run_the_same_queries_as_english_ones(client, world, page):
    """Falling back to English reads columns already loaded: no extra query per entry."""
    get(client, "en", page)  # Warm per-process caches (content types) first.
    counts = {}
    for language in LANGUAGES:
        with CaptureQueriesContext(connection) as queries:
            get(client, language, page)
        counts[language] = len(queries)
    assert counts["zh-hant"] == counts["en"]
