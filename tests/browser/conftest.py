"""Browser tests: Playwright's sync API driving Debian's Chromium against `live_server`.

Every test here is marked `browser`. They skip, saying why, when Chromium, Playwright or
axe-core is missing (`make browser-deps` installs Chromium; axe-core comes from `npm ci`);
with CI=true they fail instead (tests/browser/tools.py).
"""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.tools import missing, playwright_sync_api

# Playwright's sync API keeps an event loop running in this thread, which trips Django's
# async-safety check on every ORM call the tests (and pytest-django) make here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(
    os.environ.get("AXE_CORE_PATH")
    or Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Playwright waits this long (ms) for any one thing; pages here answer in milliseconds.
TIMEOUT_MS = 10_000
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `browser`, so `-m "not browser"` leaves them out."""
    for item in items:
        if _HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run."""
    sync_api = playwright_sync_api()
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}: run `make browser-deps`")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Records every CSP violation the page reports, before any of the page's own scripts run.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _context(chromium, **options):
    options.setdefault("viewport", DESKTOP)
    options.setdefault("locale", "en-GB")
    context = chromium.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_page(chromium):
    """A factory for pages in fresh contexts (each with its own cookies and settings);
    everything it opened is closed after the test.

    Each page collects what went wrong as it ran: `page.js_errors` (uncaught exceptions),
    `page.bad_responses` (4xx/5xx, other than a missing favicon) and `page.csp_violations()`.
    """
    contexts = []

    def make(**options):
        context = _context(chromium, **options)
        contexts.append(context)
        page = context.new_page()
        page.js_errors, page.bad_responses = [], []
        page.on("pageerror", lambda exc: page.js_errors.append(str(exc)))
        page.on(
            "response",
            lambda response: (
                page.bad_responses.append(f"{response.status} {response.url}")
                if response.status >= 400 and not response.url.endswith("/favicon.ico")
                else None
            ),
        )
        if options.get("java_script_enabled", True):
            page.add_init_script(RECORD_CSP)
            page.csp_violations = lambda: page.evaluate("() => window.__cspViolations || []")
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A desktop-sized page with JavaScript on."""
    return new_page()


@pytest.fixture
def axe(new_page):
    """Run axe-core on a URL and fail with readable details on any violation.

    The page's CSP forbids inline scripts, so axe is injected with `evaluate`, which CSP
    does not govern; the context also bypasses CSP so axe's own work is never blocked.
    """
    if not AXE_JS.exists():
        missing(f"axe-core not found at {AXE_JS}: run `make browser-deps` (npm ci)")
    source = AXE_JS.read_text(encoding="utf-8")
    page = new_page(bypass_csp=True)

    def check(url=None, *, context=None):
        if url is not None:
            page.goto(url)
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        result = page.evaluate(
            """([context, tags]) => axe.run(context || document,
                 {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
            [context, AXE_TAGS],
        )
        violations = result["violations"]
        assert not violations, f"axe-core on {page.url}:\n" + format_violations(violations)
        return result

    check.page = page
    return check


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


UNIVERSITY_NAMES = [("Aurora", "極光"), ("Harbour", "海港"), ("Lion Rock", "獅子山")]


class Site:
    """The live server's address and the entries the browser tests look for."""

    def __init__(self, base, **entries):
        self.base = base.rstrip("/")
        self.__dict__.update(entries)

    def url(self, path, lang="en"):
        """`site.url("institutions/?q=x")` -> http://127.0.0.1:PORT/en/institutions/?q=x"""
        return f"{self.base}/{lang}/{path.lstrip('/')}"

    def entry_url(self, entry, lang="en"):
        from django.utils import translation

        with translation.override(lang):
            return self.base + entry.get_absolute_url()

    def every_kind_of_page(self, lang="en"):
        """Home, the five listings, a sector, search, and a detail page of each type."""
        return [
            self.url("", lang),
            self.url("institutions/", lang),
            self.url("hubs/", lang),
            self.url("policies/", lang),
            self.url("challenges/", lang),
            self.url("collaborations/", lang),
            self.url(f"sectors/{self.fintech.slug}/", lang),
            self.url("search/?q=Harbour", lang),
            *(self.entry_url(e, lang) for e in (self.institution, self.hub, self.policy)),
            self.entry_url(self.challenge, lang),
            self.entry_url(self.collaboration, lang),
        ]


@pytest.fixture
def site(live_server, transactional_db):
    """A small directory: enough institutions for two pages, a distinct few to filter for,
    and one entry of every other type, linked both ways, with Chinese names."""
    from directory.models import District, Hub, Institution, Policy
    from tests import factories

    fintech = factories.sector(name="FinTech", name_zh_hant="金融科技", slug="fintech")
    health = factories.sector(name="Health", name_zh_hant="醫療健康", slug="health")
    universities = [
        factories.institution(
            name=f"{word} University",
            name_zh_hant=f"{chinese}大學",
            kind=Institution.Kind.UNIVERSITY,
            district=District.SHA_TIN,
            founded=1960 + i,
            sectors=[fintech],
        )
        for i, (word, chinese) in enumerate(UNIVERSITY_NAMES)
    ]
    companies = [
        factories.institution(
            name=f"Quant Company {i:02d}",
            name_zh_hant=f"量化公司{i:02d}",
            kind=Institution.Kind.COMPANY,
            district=District.WAN_CHAI,
            founded=2000 + i,
            sectors=[fintech if i % 2 else health],
        )
        for i in range(1, 23)
    ]
    hub = factories.hub(
        name="Harbour Science Park",
        name_zh_hant="海港科學園",
        kind=Hub.Kind.SCIENCE_PARK,
        operator=universities[1],
        district=District.SHA_TIN,
        offers_space=True,
        sectors=[fintech],
    )
    universities[0].hubs.add(hub)
    challenge = factories.challenge(
        name="Scarce AI talent", name_zh_hant="人工智能人才短缺", sectors=[health]
    )
    policy = factories.policy(
        name="AI Blueprint",
        name_zh_hant="人工智能藍圖",
        kind=Policy.Kind.STRATEGY,
        issuer=universities[0],
        stage=Policy.Stage.ACTIVE,
        sectors=[fintech],
    )
    policy.challenges.add(challenge)
    collaboration = factories.collaboration(
        name="Harbour Robotics Centre",
        name_zh_hant="海港機械人中心",
        kind="research-centre",
        started=2020,
        institutions=[universities[0]],
        hubs=[hub],
        sectors=[health],
        partners=[
            {
                "name_en": "Example University",
                "name_zh_hant": "範例大學",
                "region": "united-kingdom",
            }
        ],
    )
    factories.collaboration(
        name="Harbour Fintech MoU",
        name_zh_hant="海港金融科技備忘錄",
        kind="mou",
        started=2025,
        institutions=[universities[1]],
        sectors=[fintech],
        partners=[{"name_en": "Example Bank", "name_zh_hant": "範例銀行", "region": "singapore"}],
    )
    return Site(
        live_server.url,
        fintech=fintech,
        health=health,
        universities=universities,
        companies=companies,
        institution=universities[0],
        hub=hub,
        policy=policy,
        challenge=challenge,
        collaboration=collaboration,
    )
