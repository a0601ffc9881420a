"""The editors' admin, used as an editor would: a staff user whose only permissions come
from the "Editors" group that migration 0002 creates."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory import cache as page_cache
from directory.models import (
    Challenge,
    Collaboration,
    Hub,
    Institution,
    Partner,
    Policy,
    PublicationStatus,
    Sector,
    Source,
)

pytestmark = pytest.mark.django_db

ENTRY_MODELS = [Institution, Hub, Policy, Challenge, Collaboration]
ALL_MODELS = [*ENTRY_MODELS, Sector]


def admin_url(model, view, *args):
    return reverse(f"admin:directory_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def editor():
    user = User.objects.create_user("ed", password="not-used-here", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor, verified_login):
    # Not client.login(): django-axes needs a request object, and the admin a second factor.
    return verified_login(client, editor)


@pytest.fixture
def entries(make):
    """One entry of every kind, related to each other, with Chinese text and a source."""
    sector = make.sector(name="FinTech", name_zh_hant="金融科技")
    university = make.institution(
        name="University of Hong Kong",
        name_zh_hant="香港大學",
        summary_zh_hant="香港歷史最悠久的大學。",
        short_name_en="HKU",
        district="central-and-western",
        founded=1911,
        sectors=[sector],
    )
    centre = make.institution(
        name="AI Lab", kind=Institution.Kind.RESEARCH_CENTRE, parent=university, founded=2020
    )
    hub = make.hub(
        name="Science Park",
        name_zh_hant="科學園",
        operator=university,
        opened=2002,
        sectors=[sector],
    )
    centre.hubs.add(hub)
    challenge = make.challenge(name="Talent gap", name_zh_hant="人才短缺")
    policy = make.policy(name="Smart City Blueprint", issuer=university, sectors=[sector])
    policy.challenges.add(challenge)
    Source.objects.create(entry=university, title_en="HKU", url="https://www.hku.hk/")
    collaboration = make.collaboration(
        name="Logistics robotics centre",
        name_zh_hant="物流機械人中心",
        institutions=[university],
        hubs=[hub],
        started=2020,
        sectors=[sector],
        partners=[("University of California, Berkeley", "united-states")],
    )
    return {
        Institution: university,
        Hub: hub,
        Policy: policy,
        Challenge: challenge,
        Collaboration: collaboration,
        Sector: sector,
    }


def post_data(response):
    """What a browser would submit for the admin form on `response`, unchanged."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context.get("inline_admin_formsets") or []:
        formset = inline.formset
        forms += list(formset.forms)
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            elif isinstance(value, list | tuple):
                value = [getattr(item, "pk", item) for item in value]
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            else:
                value = getattr(value, "pk", value)
            data[form.add_prefix(name)] = value
    return data


# --- Every page opens ----------------------------------------------------------------------


def test_admin_is_titled_for_the_portal(editor_client):
    response = editor_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "HK AI Portal administration" in response.text
    for model in ALL_MODELS:
        assert admin_url(model, "changelist") in response.text


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_editor_opens_changelist_and_change_page(editor_client, entries, model):
    changelist = editor_client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert str(entries[model]) in changelist.text
    change = editor_client.get(admin_url(model, "change", entries[model].pk))
    assert change.status_code == 200
    # Both languages are there, to be shown as tabs.
    assert 'name="name_en"' in change.text
    assert 'name="name_zh_hant"' in change.text


@pytest.mark.parametrize("model", ENTRY_MODELS, ids=lambda m: m.__name__)
def test_editor_opens_add_page_with_source_inline(editor_client, model):
    response = editor_client.get(admin_url(model, "add"))
    assert response.status_code == 200
    formsets = [inline.formset for inline in response.context["inline_admin_formsets"]]
    formset = next(formset for formset in formsets if formset.model is Source)
    assert {"title_en", "title_zh_hant", "url", "accessed"} <= set(formset.forms[0].fields)


@pytest.mark.parametrize("model", ENTRY_MODELS, ids=lambda m: m.__name__)
def test_chinese_search_finds_entries(editor_client, entries, make, model):
    make_one = getattr(make, model._meta.model_name)
    found = make_one(name="Something else", name_zh_hant="數碼港人工智能")
    response = editor_client.get(admin_url(model, "changelist"), {"q": "人工智能"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [found]


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_every_filter_choice_opens(editor_client, entries, model):
    url = admin_url(model, "changelist")
    changelist = editor_client.get(url).context["cl"]
    queries = {
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
    }
    if model in ENTRY_MODELS:
        assert len(changelist.filter_specs) >= 4
    everything = set(changelist.result_list)
    for query in queries:
        response = editor_client.get(url + query)
        assert response.status_code == 200, query  # not the ?e=1 "invalid lookup" redirect
        filtered = response.context["cl"]
        # The choice was applied (not dropped), and narrowed the same entries.
        assert filtered.has_active_filters == (query != "?"), query
        assert set(filtered.result_list) <= everything, query


def test_filter_counts_are_right(editor_client, make):
    """The "show counts" view (facets) runs every filter, the custom ones included."""
    make.hub(name="Untranslated hub", offers_funding=True)
    make.hub(name="Translated", name_zh_hant="已翻譯", summary_zh_hant="已翻譯。")
    response = editor_client.get(admin_url(Hub, "changelist"), {"_facets": "1"})
    assert response.status_code == 200
    assert "Lacks Traditional Chinese text (1)" in response.text
    assert "Funding (1)" in response.text


def test_filters_narrow_the_list(editor_client, entries):
    url = admin_url(Institution, "changelist")
    by_kind = editor_client.get(url, {"kind__exact": Institution.Kind.RESEARCH_CENTRE})
    assert [entry.name for entry in by_kind.context["cl"].result_list] == ["AI Lab"]
    by_year = editor_client.get(url, {"founded": 1911})
    assert [entry.name for entry in by_year.context["cl"].result_list] == [
        "University of Hong Kong"
    ]
    by_sector = editor_client.get(url, {"sectors__id__exact": entries[Sector].pk})
    assert list(by_sector.context["cl"].result_list) == [entries[Institution]]


def test_hub_support_filter(editor_client, make):
    funding = make.hub(name="Fund hub", offers_funding=True)
    make.hub(name="Desk hub", offers_space=True)
    response = editor_client.get(admin_url(Hub, "changelist"), {"support": "funding"})
    assert list(response.context["cl"].result_list) == [funding]


@pytest.mark.parametrize("query", [{"founded": "not-a-year"}, {"no_such_field": "1"}])
def test_a_bad_lookup_shows_every_entry_and_says_so(editor_client, entries, query):
    """The admin answers an invalid lookup by sending the editor to the unfiltered list
    (?e=1), which says the filter was not applied."""
    url = admin_url(Institution, "changelist")
    response = editor_client.get(url, query)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?e=1"
    shown = editor_client.get(response["Location"])
    assert shown.status_code == 200
    assert set(shown.context["cl"].result_list) == set(Institution.objects.all())


def test_an_unknown_language_in_the_translation_filter_filters_nothing(editor_client, entries):
    response = editor_client.get(admin_url(Institution, "changelist"), {"missing": "xx"})
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == set(Institution.objects.all())


def test_a_search_for_hostile_text_finds_nothing_rather_than_everything(editor_client, entries):
    url = admin_url(Institution, "changelist")
    for q in ("%" * 500, "_", "' OR 1=1 --"):
        response = editor_client.get(url, {"q": q})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == [], q
    found = editor_client.get(url, {"q": "HKU"})
    assert [entry.name for entry in found.context["cl"].result_list] == ["University of Hong Kong"]


# --- Translations --------------------------------------------------------------------------


def test_missing_translation_filter_lists_exactly_entries_lacking_chinese(editor_client, make):
    complete = make.institution(name="Complete", name_zh_hant="完整", summary_zh_hant="有中文。")
    no_name = make.institution(name="No Chinese name", summary_zh_hant="只有摘要。")
    no_summary = make.institution(name="No Chinese summary", name_zh_hant="沒有摘要")
    untranslated = make.institution(name="Untranslated")
    no_english = make.institution(
        name="", name_en="", summary_en="", name_zh_hant="只有中文", summary_zh_hant="只有中文。"
    )
    url = admin_url(Institution, "changelist")

    lacking_chinese = editor_client.get(url, {"missing": "zh-hant"}).context["cl"].result_list
    assert set(lacking_chinese) == {no_name, no_summary, untranslated}

    lacking_english = editor_client.get(url, {"missing": "en"}).context["cl"].result_list
    assert set(lacking_english) == {no_english}
    assert complete not in set(lacking_chinese) | set(lacking_english)


def test_changelist_shows_which_language_is_missing(editor_client, make):
    make.institution(name="Untranslated")
    make.institution(name="Translated", name_zh_hant="已翻譯", summary_zh_hant="已翻譯。")
    response = editor_client.get(admin_url(Institution, "changelist"))
    rows = {
        entry.name: response.context["cl"].model_admin.missing_languages(entry)
        for entry in response.context["cl"].result_list
    }
    assert rows == {"Untranslated": "Traditional Chinese", "Translated": None}


def test_language_tabs_load_nothing_from_outside(editor_client, entries):
    response = editor_client.get(admin_url(Institution, "change", entries[Institution].pk))
    media = str(response.context["media"])
    assert "tabbed_translation_fields.js" in media
    assert "vendor/jquery-ui/jquery-ui.min.js" in media
    assert "//" not in media.replace("https://", "").replace("http://", "")
    assert "googleapis" not in response.text
    assert finders.find("vendor/jquery-ui/jquery-ui.min.js")


# --- Saving, actions and history -------------------------------------------------------------


def submit_change(client, entry, **changes):
    """Open the entry's change page and submit its form with `changes` applied."""
    url = admin_url(type(entry), "change", entry.pk)
    return client.post(url, {**post_data(client.get(url)), **changes})


def test_editor_saves_new_entry_with_a_source(editor_client, entries):
    url = admin_url(Challenge, "add")
    data = post_data(editor_client.get(url))
    prefix = editor_client.get(url).context["inline_admin_formsets"][0].formset.prefix
    data.update(
        {
            "name_en": "Compute shortage",
            "name_zh_hant": "算力不足",
            "slug": "compute-shortage",
            "summary_en": "Too few GPUs.",
            "summary_zh_hant": "圖形處理器不足。",
            "category": Challenge.Category.COMPUTING,
            "status": PublicationStatus.DRAFT,
            "sectors": [entries[Sector].pk],
            f"{prefix}-0-title_en": "Policy Address 2024",
            f"{prefix}-0-title_zh_hant": "二零二四年施政報告",
            f"{prefix}-0-url": "www.policyaddress.gov.hk",
            f"{prefix}-0-accessed": "2025-01-15",
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    challenge = Challenge.objects.get(slug="compute-shortage")
    assert challenge.name_zh_hant == "算力不足"
    assert list(challenge.sectors.all()) == [entries[Sector]]
    source = challenge.sources.get()
    assert source.title_zh_hant == "二零二四年施政報告"
    assert source.accessed == datetime.date(2025, 1, 15)
    assert source.url == "https://www.policyaddress.gov.hk"
    assert challenge.history.get().history_user.username == "ed"


def test_editor_changes_an_entry_through_its_form(editor_client, entries):
    policy = entries[Policy]
    assert submit_change(editor_client, policy, name_zh_hant="智慧城市藍圖").status_code == 302
    policy.refresh_from_db()
    assert policy.name_zh_hant == "智慧城市藍圖"
    assert list(policy.challenges.all()) == [entries[Challenge]]


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_a_save_the_cache_cannot_hear_about_is_refused_with_a_clear_page(
    editor_client, entries, monkeypatch, language
):
    """With Redis down the change is rolled back (visitors would keep seeing the old page);
    the editor is told so, in their language, not shown a server error."""
    policy = entries[Policy]
    editor_client.cookies["django_language"] = language
    url = admin_url(Policy, "change", policy.pk)
    data = post_data(editor_client.get(url))

    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(page_cache.cache, "incr", unreachable)
    monkeypatch.setattr(page_cache.cache, "set", unreachable)
    response = editor_client.post(url, {**data, "name_en": "Renamed while Redis is down"})
    assert response.status_code == 503
    text = response.content.decode()
    expected = "你的修改未有儲存。" if language == "zh-hant" else "Your change was not saved."
    assert expected in text
    assert 'id="site-name"' in text  # the admin's own page, with its header and navigation
    policy.refresh_from_db()
    assert policy.name_en != "Renamed while Redis is down"
    assert not policy.history.filter(name_en="Renamed while Redis is down").exists()


@pytest.mark.parametrize(
    "change",
    [{"superseded_by": "self"}, {"announced_on": "2001-02-03"}, {"announced_year": "99999"}],
    ids=["supersedes-itself", "date-outside-year", "absurd-year"],
)
def test_invalid_post_shows_errors_not_500(editor_client, entries, change):
    policy = entries[Policy]
    change = {key: policy.pk if value == "self" else value for key, value in change.items()}
    response = submit_change(editor_client, policy, **change)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    policy.refresh_from_db()
    assert policy.superseded_by is None
    assert policy.announced_year == 2023


def run_action(client, model, action, entries):
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [entry.pk for entry in entries]},
        follow=True,
    )


def test_bulk_publish_and_unpublish(editor_client, editor, make):
    # Publishing is the Publishers' (issue 14's two-step publishing; tests/contributions).
    editor.groups.add(Group.objects.get(name="Publishers"))
    drafts = [make.hub(status=PublicationStatus.DRAFT) for _ in range(3)]
    response = run_action(editor_client, Hub, "publish", drafts[:2])
    assert "2 hubs published." in [str(message) for message in response.context["messages"]]
    assert [Hub.objects.get(pk=hub.pk).status for hub in drafts] == ["published"] * 2 + ["draft"]
    record = Hub.objects.get(pk=drafts[0].pk).history.first()
    assert (record.history_change_reason, record.history_user.username) == ("Published", "ed")

    response = run_action(editor_client, Hub, "unpublish", drafts)
    assert "2 hubs moved back to draft." in [str(m) for m in response.context["messages"]]
    assert set(Hub.objects.values_list("status", flat=True)) == {"draft"}


def test_bulk_mark_reviewed_today(editor_client, make):
    old = make.policy(last_reviewed=datetime.date(2020, 1, 1))
    other = make.policy(last_reviewed=None)
    untouched = make.policy(last_reviewed=None)
    response = run_action(editor_client, Policy, "mark_reviewed", [old, other])
    assert response.status_code == 200
    today = timezone.localdate()
    assert Policy.objects.get(pk=old.pk).last_reviewed == today
    assert Policy.objects.get(pk=other.pk).last_reviewed == today
    assert Policy.objects.get(pk=untouched.pk).last_reviewed is None


def test_an_editors_sector_change_shows_in_the_listings_counts_at_once(
    editor_client, entries, make, client
):
    """The listing's sector filter and counts follow the sectors an editor picks, also
    after a revert from history."""
    policy = entries[Policy]
    other = make.sector(name="Other", slug="other-sector")
    assert submit_change(editor_client, policy, sectors=[other.pk]).status_code == 302
    filtered = client.get("/en/policies/", {"sector": "other-sector", "status": policy.stage})
    assert policy.name_en in filtered.content.decode()
    counts = client.get("/en/policies/", {"status": policy.stage}).context["checkbox_groups"]
    sectors = next(group for group in counts if group["name"] == "sector")["options"]
    assert {o["value"]: o["count"] for o in sectors}["other-sector"] == 1

    original = policy.history.earliest()
    revert_url = admin_url(Policy, "simple_history", policy.pk, original.history_id)
    revert = editor_client.post(revert_url, post_data(editor_client.get(revert_url)))
    assert revert.status_code == 302
    linked = policy.sectors.filter(slug="other-sector").count()
    counts = client.get("/en/policies/", {"status": policy.stage}).context["checkbox_groups"]
    sectors = next(group for group in counts if group["name"] == "sector")["options"]
    assert {o["value"]: o["count"] for o in sectors}["other-sector"] == linked


def test_history_lists_a_change_and_revert_restores_old_value(editor_client, entries):
    institution = entries[Institution]
    assert submit_change(editor_client, institution, name_en="HKU (renamed)").status_code == 302

    history = editor_client.get(admin_url(Institution, "history", institution.pk))
    assert history.status_code == 200
    assert "HKU (renamed)" in history.text
    assert "ed" in [str(record.history_user) for record in history.context["page_obj"]]

    original = institution.history.earliest()
    revert_url = admin_url(Institution, "simple_history", institution.pk, original.history_id)
    revert_page = editor_client.get(revert_url)
    assert revert_page.status_code == 200
    assert editor_client.post(revert_url, post_data(revert_page)).status_code == 302
    institution.refresh_from_db()
    assert institution.name_en == "University of Hong Kong"
    assert institution.history.count() == 3


def test_view_on_site_only_for_published_entries(editor_client, make):
    published = make.challenge(name="Published one")
    draft = make.challenge(name="Draft one", status=PublicationStatus.DRAFT)
    published_page = editor_client.get(admin_url(Challenge, "change", published.pk))
    assert published_page.context["has_absolute_url"]
    assert published.get_absolute_url() in published_page.text
    draft_page = editor_client.get(admin_url(Challenge, "change", draft.pk))
    assert not draft_page.context["has_absolute_url"]


def test_sector_order_editable_from_the_list(editor_client, make):
    first, second = make.sector(order=1), make.sector(order=2)
    url = admin_url(Sector, "changelist")
    formset = editor_client.get(url).context["cl"].formset
    data = {
        formset.management_form.add_prefix(name): formset.management_form[name].value()
        for name in formset.management_form.fields
    }
    for i, form in enumerate(formset.forms):
        data[f"form-{i}-id"] = form.instance.pk
        data[f"form-{i}-order"] = {first.pk: 5, second.pk: 1}.get(form.instance.pk, 0)
    data["_save"] = "Save"
    assert editor_client.post(url, data).status_code == 302
    assert list(Sector.objects.filter(pk__in=[first.pk, second.pk])) == [second, first]


# --- What editors must not reach ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:auth_user_changelist",
        "admin:auth_group_changelist",
        "admin:auth_user_add",
        "admin:axes_accessattempt_changelist",
    ],
)
def test_editor_cannot_manage_accounts(editor_client, url_name):
    assert editor_client.get(reverse(url_name)).status_code == 403


def test_editor_cannot_add_or_delete_sectors(editor_client, make):
    sector = make.sector()
    assert editor_client.get(admin_url(Sector, "add")).status_code == 403
    assert editor_client.get(admin_url(Sector, "delete", sector.pk)).status_code == 403
    assert (
        editor_client.post(admin_url(Sector, "delete", sector.pk), {"post": "yes"}).status_code
        == 403
    )
    assert Sector.objects.filter(pk=sector.pk).exists()


def test_editors_group_has_exactly_the_editing_permissions():
    group = Group.objects.get(name="Editors")
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    # Moderating the public's suggestions comes from the contributions app (its 0002).
    assert {codename for app, codename in granted if app == "contributions"} == {
        "view_suggestion",
        "change_suggestion",
    }
    granted = {(app, codename) for app, codename in granted if app != "contributions"}
    assert {app for app, _codename in granted} == {"directory"}
    entry_perms = {
        (f"{action}_{model}")
        for model in ("institution", "hub", "policy", "challenge", "collaboration", "partner")
        for action in ("add", "change", "delete", "view")
    } | {f"{action}_source" for action in ("add", "change", "delete", "view")}
    history_perms = {
        f"view_historical{model}"
        for model in ("institution", "hub", "policy", "challenge", "collaboration", "sector")
    }
    assert {codename for _app, codename in granted} == (
        entry_perms | history_perms | {"change_sector", "view_sector"}
    )
    assert not Permission.objects.filter(group=group, codename__contains="user").exists()


@pytest.mark.parametrize("url_name", ["admin:index", "admin:directory_institution_changelist"])
def test_anonymous_visitor_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_the_group_sees_no_directory(client, verified_login):
    user = User.objects.create_user("nobody", is_staff=True)
    verified_login(client, user)
    assert client.get(admin_url(Institution, "changelist")).status_code == 403


# --- Queries stay constant -----------------------------------------------------------------------


def populate(make, count):
    sectors = [make.sector() for _ in range(3)]
    parent = make.institution(name="Parent")
    for i in range(count):
        institution = make.institution(parent=parent, sectors=sectors, name_zh_hant=f"機構{i}")
        Source.objects.create(entry=institution, title_en="Source", url="https://example.org/")
        hub = make.hub(operator=institution, sectors=sectors[:2])
        institution.hubs.add(hub)
        challenge = make.challenge(sectors=sectors[:1])
        policy = make.policy(issuer=institution, sectors=sectors)
        policy.challenges.add(challenge)
        make.collaboration(institutions=[institution], hubs=[hub], sectors=sectors)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", ENTRY_MODELS, ids=lambda m: m.__name__)
def test_changelist_queries_do_not_grow_with_entries(
    editor_client, make, model, django_assert_max_num_queries
):
    url = admin_url(model, "changelist")
    populate(make, 2)
    small = count_queries(editor_client, url)
    populate(make, 40)
    with django_assert_max_num_queries(small):
        editor_client.get(url)
    with django_assert_max_num_queries(small):
        editor_client.get(url + "?missing=zh-hant&status__exact=published")
    assert small <= 15


# --- Collaborations ------------------------------------------------------------------------


def test_editor_adds_a_collaboration_with_its_partners_inline(editor_client, entries):
    """Partners are edited on the collaboration's own page, in both languages, one of them
    linked to a listed institution; the history records who made it."""
    add = editor_client.get(admin_url(Collaboration, "add"))
    inline_models = [inline.formset.model for inline in add.context["inline_admin_formsets"]]
    assert inline_models == [Partner, Source]
    university = entries[Institution]
    data = {
        "name_en": "HKU and Oxford lab",
        "name_zh_hant": "港大牛津實驗室",
        "slug": "hku-oxford-lab",
        "summary_en": "A joint lab.",
        "summary_zh_hant": "聯合實驗室。",
        "kind": Collaboration.Kind.JOINT_LAB,
        "stage": Collaboration.Stage.ACTIVE,
        "status": PublicationStatus.DRAFT,
        "started": "2024",
        "institutions": [university.pk],
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-name_en": "University of Oxford",
        "partners-0-name_zh_hant": "牛津大學",
        "partners-0-region": "united-kingdom",
        "partners-1-name_en": "HKU itself, as a test of the link",
        "partners-1-region": "chinese-mainland",
        "partners-1-institution": university.pk,
        "directory-source-content_type-object_id-TOTAL_FORMS": "0",
        "directory-source-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = editor_client.post(admin_url(Collaboration, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    lab = Collaboration.objects.get(slug="hku-oxford-lab")
    assert list(lab.institutions.all()) == [university]
    oxford = lab.partners.get(region="united-kingdom")
    assert (oxford.name_en, oxford.name_zh_hant) == ("University of Oxford", "牛津大學")
    assert lab.partners.get(region="chinese-mainland").institution == university
    assert lab.history.get().history_user.username == "ed"


def test_collaborations_are_found_by_partner_and_filtered_by_region(editor_client, entries):
    url = admin_url(Collaboration, "changelist")
    found = editor_client.get(url, {"q": "Berkeley"}).context["cl"].result_list
    assert list(found) == [entries[Collaboration]]
    by_region = editor_client.get(url, {"partners__region": "united-states"}).context["cl"]
    assert list(by_region.result_list) == [entries[Collaboration]]
    assert not editor_client.get(url, {"partners__region": "japan"}).context["cl"].result_list


def test_collaboration_autocomplete_finds_institutions_and_hubs(editor_client, entries):
    for field, model, term in (("institutions", Institution, "Hong Kong"), ("hubs", Hub, "科學")):
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {
                "term": term,
                "app_label": "directory",
                "model_name": "collaboration",
                "field_name": field,
            },
        )
        assert response.status_code == 200
        assert str(entries[model].pk) in {r["id"] for r in response.json()["results"]}
