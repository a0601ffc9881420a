import pytest

from directory.models import Source


@pytest.fixture
def data(make):
    """A small bilingual directory: two sectors, published entries of every type with
    sources, and a draft of every type that must never leave the portal."""
    fintech = make.sector(name="FinTech", name_zh_hant="金融科技", slug="fintech")
    health = make.sector(name="Healthcare", name_zh_hant="醫療", slug="healthcare")
    cyberport = make.hub(
        name="Cyberport",
        name_zh_hant="數碼港",
        slug="cyberport",
        kind="digital-hub",
        website="https://www.cyberport.hk/",
        sectors=[fintech],
        district="southern",
    )
    hku = make.institution(
        name="The University of Hong Kong",
        name_zh_hant="香港大學",
        slug="hku",
        founded=1911,
        website="https://www.hku.hk/",
        sectors=[health],
    )
    lab = make.institution(
        name="HKU Data Lab",
        slug="hku-data-lab",
        kind="research-centre",
        parent=hku,
        sectors=[fintech, health],
    )
    policy = make.policy(
        name="Fintech 2025",
        name_zh_hant="金融科技2025",
        slug="fintech-2025",
        kind="law",
        announced_year=2021,
        sectors=[fintech],
        document_url="https://www.hkma.gov.hk/",
    )
    challenge = make.challenge(name="Talent gap", name_zh_hant="人才短缺", slug="talent-gap")
    for entry in (cyberport, hku, lab, policy, challenge):
        Source.objects.create(
            entry=entry, title_en="Official page", url=f"https://example.org/{entry.slug}"
        )
    drafts = [
        factory(name="Secret draft", slug=f"secret-draft-{factory.__name__}", sectors=[fintech])
        for factory in (make.institution, make.hub, make.policy, make.challenge)
    ]
    for draft in drafts:
        draft.status = "draft"
        draft.save()
    return {
        "fintech": fintech,
        "health": health,
        "cyberport": cyberport,
        "hku": hku,
        "lab": lab,
        "policy": policy,
        "challenge": challenge,
        "drafts": drafts,
    }
