"""The admin in Chinese: its titles, our models and fields, choices, filters, and the history
pages of django-simple-history (which ships no Traditional Chinese of its own)."""

import polib
import pytest
from django.utils import translation

from tests.i18n.html_text import texts
from tests.i18n.test_catalogue import PO_PATH

ZH = {"accept-language": "zh-HK"}
COLONS = ":\uff1a"
# Django's admin hard-codes this alt text (admin/search_form.html), outside any catalogue.
DJANGO_UNTRANSLATED = {("<img alt>", "Search")}


@pytest.fixture(scope="module")
def english_messages():
    """Every interface string of ours whose Chinese differs from its English."""
    return {
        e.msgid
        for e in polib.pofile(str(PO_PATH)).translated_entries()
        if not e.msgid_plural and e.msgstr != e.msgid
    }


@pytest.fixture
def institution(make):
    entry = make.institution(name_zh_hant="海港大學", summary_zh_hant="")
    entry.summary_zh_hant = "海旁的研究型大學。"
    entry.save()
    return entry


def admin_pages(institution):
    base = "/admin/directory/"
    history = institution.history.order_by("history_id").first()
    return [
        "/admin/",
        f"{base}institution/",
        f"{base}institution/?missing=zh-hant",
        f"{base}institution/add/",
        f"{base}institution/{institution.pk}/change/",
        f"{base}institution/{institution.pk}/history/",
        f"{base}institution/{institution.pk}/history/{history.history_id}/",
        f"{base}hub/",
        f"{base}hub/add/",
        f"{base}policy/",
        f"{base}policy/add/",
        f"{base}challenge/",
        f"{base}challenge/add/",
        f"{base}sector/",
    ]


@pytest.mark.django_db
def test_no_string_of_ours_is_left_in_english_in_the_chinese_admin(
    admin_client, institution, english_messages
):
    """A text exactly equal to one of our English messages means a string was shown without
    going through the catalogue."""
    for path in admin_pages(institution):
        response = admin_client.get(path, headers=ZH)
        assert response.status_code == 200, path
        shown = {
            t.text.rstrip(COLONS)
            for t in texts(response.content.decode())
            if (t.where, t.text) not in DJANGO_UNTRANSLATED
        }
        assert shown & english_messages == set(), path


@pytest.mark.django_db
def test_the_chinese_admin_names_our_models_fields_and_filters(admin_client, institution):
    html = admin_client.get("/admin/", headers=ZH).content.decode()
    for chinese in ("香港人工智能資訊平台管理系統", "名錄", "機構", "創科中心", "政策", "挑戰"):
        assert chinese in html
    html = admin_client.get("/admin/directory/institution/", headers=ZH).content.decode()
    for chinese in ("缺少翻譯", "缺少繁體中文內容", "缺少英文內容", "發布狀態", "地區", "沙田區"):
        assert chinese in html
    html = admin_client.get("/admin/directory/policy/add/", headers=ZH).content.decode()
    for chinese in ("公布年份", "預算（港元）", "針對的挑戰", "策略或藍圖", "推行中"):  # noqa: RUF001
        assert chinese in html


@pytest.mark.django_db
def test_the_history_pages_are_in_chinese(admin_client, institution):
    history = institution.history.order_by("history_id").first()
    base = f"/admin/directory/institution/{institution.pk}/history/"
    html = admin_client.get(base, headers=ZH).content.decode()
    with translation.override("zh-hant"):
        assert translation.gettext("Created") in html
        assert translation.gettext("Changed") in html
    assert "Choose a date" not in html
    html = admin_client.get(f"{base}{history.history_id}/", headers=ZH).content.decode()
    assert "還原" in html
    assert "Press the" not in html


def test_the_lockout_message_is_translated():
    with translation.override("zh-hant"):
        message = translation.gettext(
            "Account locked: too many login attempts. Please try again later."
        )
    assert message.startswith("帳戶已鎖定")
