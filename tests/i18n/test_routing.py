"""`/` sends each browser to its language: any Chinese to Traditional Chinese (the only Chinese
the portal has; a Simplified-Chinese reader reads it far better than English), everything
else to English. A language the visitor chose with the switcher wins over the browser's."""

import pytest
from django.conf import settings
from django.urls import reverse

ROUTES = [
    ("zh-HK", "/zh-hant/"),
    ("zh-hk", "/zh-hant/"),
    ("zh-TW", "/zh-hant/"),
    ("zh-MO", "/zh-hant/"),
    ("zh-Hant", "/zh-hant/"),
    ("zh-Hant-HK", "/zh-hant/"),
    ("zh", "/zh-hant/"),
    ("zh-CN", "/zh-hant/"),
    ("zh-Hans", "/zh-hant/"),
    ("zh-SG", "/zh-hant/"),
    ("en", "/en/"),
    ("en-GB", "/en/"),
    ("en-US", "/en/"),
    ("en-HK", "/en/"),
    ("fr-FR", "/en/"),
    ("ja", "/en/"),
    ("", "/en/"),
    ("*", "/en/"),
    ("not a language;;q=x", "/en/"),
    ("fr, zh-HK;q=0.8, en;q=0.5", "/zh-hant/"),
    ("en;q=0.5, zh-TW;q=0.9", "/zh-hant/"),
    ("zh-HK;q=0.2, en-GB;q=0.9", "/en/"),
    ("ja, en-US;q=0.7, zh-HK;q=0.3", "/en/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("accept_language", "target"), ROUTES)
def test_root_redirects_by_accept_language(client, accept_language, target):
    response = client.get("/", headers={"accept-language": accept_language})
    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


@pytest.mark.django_db
def test_one_after_another_each_browser_gets_its_own_language(client):
    """The same URL answered in turn: a cached redirect must never send the next visitor to
    the previous one's language."""
    for accept_language, target in ROUTES:
        response = client.get("/", headers={"accept-language": accept_language})
        assert response["Location"] == target, accept_language


@pytest.mark.django_db
def test_an_unprefixed_page_keeps_its_path_and_query(client):
    response = client.get("/policies/?status=active&page=2", headers={"accept-language": "zh-HK"})
    assert response.status_code == 302
    assert response["Location"] == "/zh-hant/policies/?status=active&page=2"


@pytest.mark.django_db
def test_the_chosen_language_beats_the_browser_language(client):
    response = client.post(reverse("set_language"), {"language": "zh-hant", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hant"
    response = client.get("/", headers={"accept-language": "en-GB"})
    assert response["Location"] == "/zh-hant/"


@pytest.mark.django_db
def test_the_language_prefix_wins_over_the_browser_language(client):
    response = client.get("/zh-hant/", headers={"accept-language": "en-GB"})
    assert response.wsgi_request.LANGUAGE_CODE == "zh-hant"
    response = client.get("/en/", headers={"accept-language": "zh-HK"})
    assert response.wsgi_request.LANGUAGE_CODE == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/zh-HK/", "/zh-cn/", "/fr/", "/zh_hant/"])
def test_an_unknown_language_prefix_is_not_found(client, path):
    assert client.get(path).status_code == 404
