"""The public's suggestions and the editors' work on them, in a real browser: a visitor
suggests, an editor applies, a publisher publishes, the visitor sees it; axe finds nothing
on the suggestion forms or the dashboard; the sources inline fits a 1280 px screen."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from contributions.management.commands.demo_accounts import groups_migration
from directory.management.commands.setup_demo import grant_editor_permissions
from directory.models import Hub

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

PASSWORD = "browser-test-password-1"


@pytest.fixture
def fast_forms(settings):
    settings.SUGGESTION_MIN_FILL_SECONDS = 0.5


@pytest.fixture
def staff(site):
    """An editor and a publisher (live-server tests flush the migrations' groups: granted
    again as the migrations do)."""
    grant_editor_permissions(apps)
    editors, publishers = groups_migration.grant(apps)
    accounts = {}
    for name, group in (("ed", editors), ("pub", publishers)):
        accounts[name] = User.objects.create_user(name, password=PASSWORD, is_staff=True)
        accounts[name].groups.add(group)
        # The admin's second factor: one recovery code each (hkai_portal/two_factor.py).
        device = StaticDevice.objects.create(user=accounts[name], name="recovery")
        device.token_set.create(token=f"{name}code1")
    return accounts


def log_in(site, page, username):
    page.goto(site.base + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.fill("#id_otp_token", f"{username}code1")
    page.click("input[type=submit]")
    page.wait_for_url(site.base + reverse("admin:index"))


def suggest_correction(site, page):
    page.goto(site.entry_url(site.policy))
    page.get_by_role("link", name="Suggest a correction").click()
    page.locator("#id_field").select_option("summary_en")
    page.locator("#id_text").fill("A corrected summary from a visitor.")
    page.locator("#id_source_url").fill("https://www.gov.hk/en/about/")
    page.wait_for_timeout(600)  # the minimum fill time
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")


def suggest_entry(site, page):
    page.goto(site.url("suggest/"))
    page.locator("#id_entry_type").select_option("hub")
    page.locator("#id_name").fill("Lantern Incubator")
    page.locator("#id_text").fill("An AI incubator a visitor knows about.")
    page.locator("#id_source_url").fill("https://www.example.hk/lantern")
    page.wait_for_timeout(600)
    page.get_by_role("button", name="Send suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")


def open_suggestion(site, page, text):
    page.goto(site.base + reverse("admin:contributions_suggestion_changelist"))
    page.locator("#result_list tbody tr", has_text=text).locator("th a").click()


def test_suggest_apply_publish_and_the_visitor_sees_it(site, staff, fast_forms, new_page):
    visitor = new_page()
    suggest_correction(site, visitor)
    suggest_entry(site, visitor)

    editor = new_page()
    log_in(site, editor, "ed")
    editor.get_by_role("link", name="New suggestions").click()
    open_suggestion(site, editor, "Correction")
    expect(editor.locator(".compare")).to_contain_text("A corrected summary from a visitor.")
    editor.get_by_role("button", name="Apply").click()
    expect(editor.locator(".messagelist")).to_contain_text("Approved")

    # The policy is published: until a publisher publishes the change, the public page
    # keeps its text.
    visitor.goto(site.entry_url(site.policy))
    expect(visitor.locator(".lead").first).not_to_have_text("A corrected summary from a visitor.")

    publisher = new_page()
    log_in(site, publisher, "pub")
    publisher.get_by_role("link", name="Corrections waiting for a publisher").click()
    open_suggestion(site, publisher, "Correction")
    publisher.get_by_role("button", name="Publish").click()
    expect(publisher.locator(".messagelist")).to_contain_text("Applied")

    visitor.goto(site.entry_url(site.policy))
    expect(visitor.locator(".lead").first).to_have_text("A corrected summary from a visitor.")

    # The suggested entry becomes a draft; only a publisher can publish it.
    open_suggestion(site, editor, "Lantern Incubator")
    editor.get_by_role("button", name="Create draft").click()
    expect(editor.locator("#id_name_en")).to_have_value("Lantern Incubator")
    editor.fill("#id_slug", "lantern-incubator")
    editor.select_option("#id_kind", "incubator")
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")
    hub = Hub.objects.get(slug="lantern-incubator")
    assert hub.status == "draft"
    assert editor.locator("select[name=action] option[value=publish]").count() == 0
    visitor.goto(site.base + hub.get_absolute_url())
    assert visitor.title().startswith("Page not found") or "404" in visitor.content()

    publisher.goto(site.base + reverse("admin:directory_hub_changelist"))
    publisher.locator("#result_list tbody tr", has_text="Lantern Incubator").locator(
        "input.action-select"
    ).check()
    publisher.select_option("select[name=action]", "publish")
    publisher.locator("button[name=index]").click()
    expect(publisher.locator(".messagelist")).to_contain_text("published")

    visitor.goto(site.base + hub.get_absolute_url())
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Lantern Incubator")
    for page in (visitor, editor, publisher):
        assert page.js_errors == []
        assert page.csp_violations() == []


@pytest.mark.parametrize("lang", ["en", "zh-hant"])
def test_axe_on_the_suggestion_forms(axe, site, lang):
    axe(site.url("suggest/", lang))
    axe(site.entry_url(site.policy, lang) + "suggest/")
    # With errors shown: sent at once, empty.
    axe.page.locator("button[type=submit]").click()
    axe.page.wait_for_load_state("load")
    assert axe.page.locator(".form-errors").count() == 1
    axe()


def test_axe_on_the_dashboard(axe, site, staff):
    log_in(site, axe.page, "ed")
    axe(context=".editors-dashboard")


def test_sources_inline_fits_1280_px(site, staff, new_page):
    page = new_page(viewport={"width": 1280, "height": 900})
    site.policy.sources.create(
        title="A source with a long address",
        url="https://www.example.gov.hk/" + "very-long-path-segment/" * 12,
        publisher="Example Bureau",
    )
    log_in(site, page, "ed")
    page.goto(site.base + reverse("admin:directory_policy_change", args=[site.policy.pk]))
    page.wait_for_load_state("load")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 1280, f"the change page is {width} px wide"
    inline = page.locator(".inline-group").bounding_box()
    assert inline["x"] + inline["width"] <= 1280
