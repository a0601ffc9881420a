"""The editors' admin in a real browser: the English / Chinese tabs work with nothing loaded
from outside and nothing blocked by the Content-Security-Policy."""

from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from directory.management.commands.setup_demo import grant_editor_permissions

EDITOR_PASSWORD = "browser-test-editor-pw"

# Records every CSP violation the page reports, before any of its own scripts run.
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def log_in_as_editor(site, page):
    editor = User.objects.create_user("ed", password=EDITOR_PASSWORD, is_staff=True)
    # Live-server tests flush the database, migration data included: grant as 0002 does.
    editor.groups.add(grant_editor_permissions(apps))
    # The second factor: one of the editor's recovery codes (hkai_portal/two_factor.py).
    StaticDevice.objects.create(user=editor, name="recovery").token_set.create(token="browser1")
    page.goto(site.base + reverse("admin:login"))
    page.fill("#id_username", "ed")
    page.fill("#id_password", EDITOR_PASSWORD)
    page.fill("#id_otp_token", "browser1")
    page.click("input[type=submit]")
    page.wait_for_url(site.base + reverse("admin:index"))


def watch(site, page):
    """Lists of requests to other hosts and failed responses, filled as the page runs."""
    external, failed = [], []
    page.add_init_script(RECORD_CSP)
    page.on(
        "request",
        lambda request: None if request.url.startswith(site.base) else external.append(request.url),
    )
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    return external, failed


def test_language_tabs_work_offline_without_csp_violations(site, new_page):
    page = new_page()
    external, failed = watch(site, page)
    log_in_as_editor(site, page)
    page.goto(site.base + reverse("admin:directory_institution_change", args=[site.institution.pk]))
    page.wait_for_load_state("load")

    name_tabs = page.locator(".ui-tabs").filter(has=page.locator("#id_name_en"))
    assert name_tabs.count() == 1
    assert page.locator("#id_name_en").is_visible()
    assert not page.locator("#id_name_zh_hant").is_visible()
    name_tabs.locator(".ui-tabs-nav a", has_text="zh-hant").click()
    assert page.locator("#id_name_zh_hant").is_visible()
    assert page.locator("#id_name_zh_hant").input_value() == site.institution.name_zh_hant
    assert not page.locator("#id_name_en").is_visible()

    # A new source row gets its own language tabs too.
    tabs_before = page.locator(".ui-tabs").count()
    page.locator(".inline-group .add-row a").click()
    assert page.locator(".ui-tabs").count() > tabs_before

    assert page.evaluate("() => window.__cspViolations") == []
    assert external == []
    assert failed == []
    assert page.js_errors == []


def test_changelist_history_and_autocomplete_run_clean(site, new_page):
    page = new_page()
    external, failed = watch(site, page)
    log_in_as_editor(site, page)
    policy = site.policy
    for url in (
        reverse("admin:directory_policy_changelist") + "?missing=zh-hant",
        reverse("admin:directory_policy_history", args=[policy.pk]),
        reverse("admin:directory_policy_change", args=[policy.pk]),
    ):
        page.goto(site.base + url)
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__cspViolations") == [], url

    # The issuing body's autocomplete (select2) searches through the admin.
    page.locator(".field-issuer .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Harbour")
    option = page.locator(".select2-results__option", has_text="Harbour University")
    option.wait_for()
    assert page.evaluate("() => window.__cspViolations") == []
    assert external == []
    assert failed == []
    assert page.js_errors == []
