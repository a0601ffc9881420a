"""Property-based fuzzing of every public URL: whatever the query string, path or htmx
headers, the portal answers without a server error, and markup sent in comes back escaped.
A view that raises fails the test with its own traceback (the test client re-raises it).

Bounded so it runs in the normal suite: a few dozen examples per test, no deadline.
"""

import gzip
from urllib.parse import quote, quote_from_bytes

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

LANGS = ["en", "zh-hant"]
# The public URL contract of the listings (issue 3), plus names a visitor or bot might try.
PARAMS = [
    "q",
    "sector",
    "kind",
    "sort",
    "page",
    "district",
    "founded_min",
    "founded_max",
    "parent",
    "hub",
    "support",
    "operator",
    "status",
    "issuer",
    "year_min",
    "year_max",
    "challenge",
    "category",
    "policy",
    "language",
    "next",
    "format",
    "_",
]
# Markup a page might echo (a search, an ignored filter value): it must come back escaped.
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "<svg/onload=alert(1)>"]
# Values shaped like the real ones, so the fuzzer also reaches the valid branches.
PLAUSIBLE = [
    "",
    "0",
    "1",
    "-1",
    "2",
    "99999999999999999999",
    "1e3",
    "2023",
    "NaN",
    "name",
    "-name",
    "newest",
    "updated",
    "university",
    "science-park",
    "sha-tin",
    "space",
    "active",
    "talent",
    "fintech",
    "金融科技",
    "null",
    "None",
    "[]",
    "' OR 1=1 --",
    *HOSTILE,
    "%",
    "%%",
    "%zz",
    "\x00",
    "\\",
]

SEP = st.sampled_from(["&", "&", "&", ";", "&&", "&amp;"])
KEYS = st.one_of(st.sampled_from(PARAMS), st.text(max_size=12))
VALUES = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.binary(max_size=24),  # sent percent-encoded: invalid UTF-8 included
    st.integers(min_value=1000, max_value=20000).map(lambda n: "x" * n),  # huge
)


def _encode(value):
    if isinstance(value, bytes):
        return quote_from_bytes(value, safe="")
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@st.composite
def query_strings(draw):
    """A raw query string: real and random keys, repeats, bare keys, odd separators."""
    pairs = draw(st.lists(st.tuples(KEYS, VALUES, st.booleans()), max_size=8))
    parts = []
    for key, value, bare in pairs:
        part = _encode(key) if bare else f"{_encode(key)}={_encode(value)}"
        parts.append(part)
    if pairs and draw(st.booleans()):
        parts.append(parts[0])  # a repeated parameter
    out = ""
    for part in parts:
        out += (draw(SEP) if out else "") + part
    return out


HTMX_HEADERS = st.sampled_from(
    [
        {},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_TRIGGER_NAME": "q", "HTTP_HX_BOOSTED": "true"},
        {"HTTP_HX_REQUEST": "false"},
        {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "javascript:alert(1)"},
    ]
)


@pytest.fixture
def public_urls(db, make):
    """Every public page, with published data behind each detail and sector page.

    Returns {name: path} for the URLs that exist, with "{lang}" in place of the language
    prefix where the page has one.
    """
    sector = make.sector(name="FinTech", name_zh_hant="金融科技")
    university = make.institution(name="Aurora University", sectors=[sector], founded=1990)
    make.institution(name="Aurora AI Lab", kind="research-centre", parent=university)
    hub = make.hub(name="Harbour Park", operator=university, offers_space=True, sectors=[sector])
    university.hubs.add(hub)
    challenge = make.challenge(name="Talent gap", sectors=[sector])
    policy = make.policy(name="AI Blueprint", issuer=university, sectors=[sector])
    policy.challenges.add(challenge)
    make.policy(name="Draft plan", status="draft")
    collaboration = make.collaboration(
        name="Harbour Joint Lab", institutions=[university], hubs=[hub], sectors=[sector]
    )

    wanted = {
        "home": ("directory:home", {}),
        "search": ("directory:search", {}),
        "sector": ("directory:sector_detail", {"slug": sector.slug}),
        "institutions": ("directory:institution_list", {}),
        "hubs": ("directory:hub_list", {}),
        "policies": ("directory:policy_list", {}),
        "challenges": ("directory:challenge_list", {}),
        "collaborations": ("directory:collaboration_list", {}),
        "collaboration": ("directory:collaboration_detail", {"slug": collaboration.slug}),
        "institution": ("directory:institution_detail", {"slug": university.slug}),
        "hub": ("directory:hub_detail", {"slug": hub.slug}),
        "policy": ("directory:policy_detail", {"slug": policy.slug}),
        "challenge": ("directory:challenge_detail", {"slug": challenge.slug}),
        "healthz": ("healthz", {}),
        # Open data (issue 12).
        "data": ("opendata:data", {}),
        "changes": ("opendata:changes", {}),
        "changes feed": ("opendata:changes_feed", {}),
        "export csv": ("opendata:listing_export", {"type_segment": "institutions", "fmt": "csv"}),
        "export json": ("opendata:listing_export", {"type_segment": "hubs", "fmt": "json"}),
        "search export": ("opendata:search_export", {"fmt": "csv"}),
        "updates feed": ("opendata:updates_feed", {}),
        "type feed": ("opendata:type_feed", {"type_segment": "policies"}),
        "sector feed": ("opendata:sector_feed", {"slug": sector.slug}),
        "bibtex": ("opendata:bibtex", {"type_segment": "hubs", "slug": hub.slug}),
        "sitemap": ("sitemap", {}),
        "sitemap section": ("sitemap_section", {"section": "institutions"}),
        "robots": ("robots_txt", {}),
        "api": ("api:api-root", {}),
        "api list": ("api:policy-list", {}),
        "api detail": ("api:hub-detail", {"slug": hub.slug}),
        "api schema": ("api:schema", {}),
        "api docs": ("api:docs", {}),
    }
    return resolve(wanted)


def resolve(wanted):
    """{name: path} for {name: (url name, kwargs)}. A name that no longer resolves fails the
    tests: a renamed URL must not turn its fuzzing into a skip."""
    urls = {}
    with translation.override("en"):
        for name, (url_name, kwargs) in wanted.items():
            try:
                path = reverse(url_name, kwargs=kwargs)
            except NoReverseMatch:
                pytest.fail(f"the fuzz tests name {url_name!r} ({name}), which does not resolve")
            if path.startswith("/en/"):
                path = "/{lang}" + path.removeprefix("/en")
            urls[name] = path
    return urls


def test_a_page_the_fuzz_tests_cannot_find_fails_them():
    with pytest.raises(pytest.fail.Exception, match="directory:gone"):
        resolve({"gone": ("directory:gone", {})})


def assert_no_server_error(response, url):
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    assert response.status_code < 500, f"{response.status_code} for {url!r}"
    if response.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    for markup in HOSTILE:
        assert markup.encode() not in body, f"{markup!r} came back unescaped for {url!r}"


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PAGES = [
    "home",
    "search",
    "sector",
    "institutions",
    "hubs",
    "policies",
    "challenges",
    "collaborations",
    "institution",
    "hub",
    "policy",
    "challenge",
    "collaboration",
    "healthz",
    "data",
    "changes",
    "changes feed",
    "export csv",
    "export json",
    "search export",
    "updates feed",
    "type feed",
    "sector feed",
    "bibtex",
    "sitemap",
    "sitemap section",
    "robots",
    "api",
    "api list",
    "api detail",
    "api schema",
    "api docs",
]


@pytest.fixture(params=PAGES)
def page_path(request, public_urls):
    """Each public page's path, "{lang}" standing for the language prefix."""
    return public_urls[request.param]


ECHOING = ["search", "institutions", "hubs", "policies", "challenges"]


@pytest.mark.parametrize("name", ECHOING)
@pytest.mark.parametrize("markup", HOSTILE)
@pytest.mark.parametrize("param", ["q", "sector", "page"])
def test_hostile_markup_comes_back_escaped(client, public_urls, name, markup, param):
    """Where a page shows what was asked for (the search box, the values it ignored), the
    visitor's markup is shown as text."""
    url = public_urls[name].replace("{lang}", "en")
    response = client.get(url, {param: markup}, HTTP_ACCEPT_ENCODING="identity")
    assert response.status_code == 200
    body = response.content.decode()
    assert markup not in body
    if param == "q" or (name != "search" and param != "page"):
        assert escape(markup) in body, f"{markup!r} not shown (escaped) for {param}"


@pytest.mark.parametrize("lang", LANGS)
def test_fuzzed_pages_are_real_pages(client, page_path, lang):
    """The fuzzing below aims at live pages: each answers 200, full page and partial."""
    url = page_path.replace("{lang}", lang)
    assert client.get(url).status_code == 200, url
    assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200, url


@FUZZ
@given(query=query_strings(), lang=st.sampled_from(LANGS), headers=HTMX_HEADERS)
@example(query="page=999999", lang="en", headers={"HTTP_HX_REQUEST": "true"})
@example(query="page=abc&page=2&sort=%FF%FE", lang="zh-hant", headers={})
@example(query="q=" + "%E9%87%91" * 3000, lang="en", headers={"HTTP_HX_REQUEST": "true"})
@example(
    query="sector=x&sector=fintech&kind=&kind=nope&founded_min=3000&year_max=-5",
    lang="en",
    headers={},
)
@example(query="%", lang="en", headers={})
@example(query="&".join(f"sector=s{i}" for i in range(1500)), lang="en", headers={})
def test_query_strings_never_break_a_page(client, page_path, query, lang, headers):
    url = f"{page_path.replace('{lang}', lang)}?{query}"
    response = client.get(url, **headers)
    assert_no_server_error(response, url)


# Path segments: slugs, unicode, encoded slashes and dots, very long ones.
SEGMENTS = st.one_of(
    st.sampled_from(
        [
            "institutions",
            "hubs",
            "policies",
            "challenges",
            "collaborations",
            "sectors",
            "search",
            "..",
            "%2e%2e",
            "%2F",
            "%00",
            "金融科技",
            "a" * 300,
            "index.php",
            "",
        ]
    ),
    st.text(min_size=1, max_size=30).map(_encode),
    st.binary(min_size=1, max_size=16).map(lambda b: quote_from_bytes(b, safe="")),
    st.from_regex(r"[a-z0-9-]{1,60}", fullmatch=True),
)


@FUZZ
@given(
    lang=st.sampled_from([*LANGS, "zh-hans", "fr", "EN", "zh_hant"]),
    segments=st.lists(SEGMENTS, min_size=1, max_size=4),
    trailing=st.booleans(),
    query=st.one_of(st.just(""), query_strings()),
    headers=HTMX_HEADERS,
)
@example(lang="en", segments=["institutions", "%FF%FE"], trailing=True, query="", headers={})
@example(lang="zh-hant", segments=["sectors", "金融科技"], trailing=True, query="q=x", headers={})
def test_generated_paths_never_break(client, public_urls, lang, segments, trailing, query, headers):
    path = f"/{lang}/" + "/".join(segments) + ("/" if trailing else "")
    url = f"{path}?{query}" if query else path
    response = client.get(url, **headers)
    assert_no_server_error(response, url)


@FUZZ
@given(
    name=st.sampled_from(["institution", "hub", "policy", "challenge", "sector"]),
    lang=st.sampled_from(LANGS),
    slug=st.one_of(
        st.from_regex(r"[A-Za-z0-9_-]{1,220}", fullmatch=True),
        st.text(min_size=1, max_size=40).map(_encode),
    ),
    headers=HTMX_HEADERS,
)
def test_unknown_detail_slugs_are_not_found(client, public_urls, name, lang, slug, headers):
    """A slug that names nothing is a clean 404 (or a redirect to add the slash), never 500."""
    real = public_urls[name].replace("{lang}", lang)
    base = real.rstrip("/").rsplit("/", 1)[0]
    url = f"{base}/{slug}/"
    if url == real:
        return
    response = client.get(url, **headers)
    assert_no_server_error(response, url)
    assert response.status_code in {301, 302, 400, 404}, (response.status_code, url)


@FUZZ
@given(
    accept=st.one_of(
        st.text(max_size=80),
        st.lists(
            st.tuples(
                st.sampled_from(["zh-HK", "zh-TW", "zh-Hant", "zh", "en-GB", "*", "fr", "x"]),
                st.one_of(st.just(""), st.floats(-2, 3).map(lambda q: f";q={q:.2f}")),
            ),
            max_size=6,
        ).map(lambda langs: ",".join(code + q for code, q in langs)),
    ),
    query=st.one_of(st.just(""), query_strings()),
)
@example(accept="zh-HK,zh;q=0.9,en;q=0.8", query="")
@example(accept="en", query="q=" + "x" * 20000)
def test_root_redirect_survives_any_accept_language(client, accept, query):
    """`/` picks a language from Accept-Language; a garbled header still gets a page."""
    url = f"/?{query}" if query else "/"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=accept.encode("utf-8", "replace").decode())
    assert_no_server_error(response, url)
    # A query too long to redirect with is a clean 400 (DisallowedRedirect).
    assert response.status_code in {200, 301, 302, 400, 404}, (response.status_code, accept)
