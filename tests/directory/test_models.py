"""The data model's promises: constraints the database enforces, and the shared QuerySet
methods every page relies on."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from directory.models import Challenge, Hub, Institution, Policy, PublicationStatus, Source

pytestmark = pytest.mark.django_db


def test_slugs_are_unique(make):
    make.institution(name="HKU", slug="hku")
    with pytest.raises(IntegrityError), transaction.atomic():
        make.institution(name="HKU again", slug="hku")


@pytest.mark.parametrize("year", [1799, 2101])
def test_founded_year_must_be_plausible(make, year):
    with pytest.raises(IntegrityError), transaction.atomic():
        make.institution(founded=year)


def test_founded_year_may_be_unknown(make):
    assert make.institution(founded=None).founded is None


def test_hub_opened_year_must_be_plausible(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make.hub(opened=3000)


def test_policy_announced_year_must_be_plausible(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make.policy(announced_year=1066)


def test_policy_cannot_supersede_itself(make):
    policy = make.policy()
    policy.superseded_by = policy
    with pytest.raises(ValidationError):
        policy.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        policy.save()


def test_institution_cannot_be_its_own_parent(make):
    university = make.institution()
    university.parent = university
    with pytest.raises(IntegrityError), transaction.atomic():
        university.save()


def test_policy_date_must_fall_in_its_year(make):
    policy = make.policy(announced_year=2024)
    policy.announced_on = datetime.date(2023, 12, 31)
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "announced_on" in error.value.message_dict


def test_published_hides_drafts_for_every_type(make):
    for factory, model in [
        (make.institution, Institution),
        (make.hub, Hub),
        (make.policy, Policy),
        (make.challenge, Challenge),
    ]:
        shown = factory()
        factory(status=PublicationStatus.DRAFT)
        assert list(model.objects.published()) == [shown]
        assert model.objects.drafts().count() == 1


def test_for_sector_and_in_sectors_find_the_entries_linked_to_a_sector(make):
    fintech = make.sector(name="FinTech", slug="fintech")
    health = make.sector(name="Health", slug="health")
    bank = make.institution(sectors=[fintech])
    make.institution(sectors=[health])
    assert list(Institution.objects.for_sector(fintech)) == [bank]
    assert list(Institution.objects.in_sectors(["fintech"])) == [bank]


def test_search_matches_either_language_from_either_interface(make):
    hkma = make.institution(
        name="Hong Kong Monetary Authority",
        name_zh_hant="香港金融管理局",
        short_name_en="HKMA",
        summary_en="Central banking institution that supervises FinTech.",
        summary_zh_hant="負責監管金融科技的中央銀行機構。",
    )
    make.institution(name="The University of Hong Kong", summary_en="A university.")
    for language in ("en", "zh-hant"):
        with translation.override(language):
            assert list(Institution.objects.search("金融科技")) == [hkma]
            assert list(Institution.objects.search("fintech")) == [hkma]
            assert list(Institution.objects.search("hkma")) == [hkma]


def test_search_requires_every_word_and_ignores_blank_queries(make):
    cyberport = make.hub(name="Cyberport", summary_en="Digital technology hub in Southern.")
    make.hub(name="Science Park", summary_en="Research park in Sha Tin.")
    assert list(Hub.objects.search("digital southern")) == [cyberport]
    assert list(Hub.objects.search("digital sha")) == []
    assert Hub.objects.search("   ").count() == 2


def test_search_bounds_a_huge_query(make):
    make.challenge(name="Talent")
    # Thousands of words must not become thousands of SQL conditions.
    assert list(Challenge.objects.search("talent " * 5000)) != []


def test_missing_translation_finds_entries_without_chinese(make):
    translated = make.policy(name_zh_hant="政策", summary_zh_hant="摘要。")
    untranslated = make.policy()
    assert list(Policy.objects.missing_translation("zh-hant")) == [untranslated]
    assert translated not in Policy.objects.missing_translation("zh-hant")
    assert Policy.objects.missing_translation("en").count() == 0


def test_chinese_interface_falls_back_to_english(make):
    entry = make.challenge(name="Computing power")
    with translation.override("zh-hant"):
        assert Challenge.objects.get(pk=entry.pk).name == "Computing power"


def test_sources_attach_to_any_entry(make):
    hub = make.hub()
    policy = make.policy()
    hub.sources.create(title="Official site", url="https://www.cyberport.hk/")
    policy.sources.create(title="Press release", url="https://www.info.gov.hk/")
    assert [s.title for s in hub.sources.all()] == ["Official site"]
    assert Source.objects.count() == 2


def test_hub_lists_the_support_it_offers(make):
    hub = make.hub(offers_space=True, offers_computing=True)
    assert [value for value, _label in hub.support_offered] == ["space", "computing"]


def test_detail_urls_are_stable_and_language_prefixed(make):
    with translation.override("en"):
        assert make.policy(slug="ttps").get_absolute_url() == "/en/policies/ttps/"
    with translation.override("zh-hant"):
        assert make.hub(slug="cyberport").get_absolute_url() == "/zh-hant/hubs/cyberport/"


def test_history_records_both_languages(make):
    institution = make.institution(name="HKUST", name_zh_hant="香港科技大學")
    institution.name_zh_hant = "科大"
    institution.save()
    versions = list(institution.history.order_by("history_id"))
    assert [v.name_zh_hant for v in versions] == ["香港科技大學", "科大"]


def test_detail_urls_follow_the_language_and_script_prefix(make):
    from django.urls import set_script_prefix

    hub = make.hub(slug="cyberport")
    sector = make.sector(slug="fintech")
    try:
        set_script_prefix("/portal/")
        with translation.override("zh-hant"):
            assert hub.get_absolute_url() == "/portal/zh-hant/hubs/cyberport/"
            assert sector.get_absolute_url() == "/portal/zh-hant/sectors/fintech/"
    finally:
        set_script_prefix("/")
    with translation.override("en"):
        assert hub.get_absolute_url() == "/en/hubs/cyberport/"
