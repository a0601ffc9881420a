"""Pages go out compressed to browsers that accept it, and stay cacheable and conditional."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("htmx", [False, True])
def test_listing_is_sent_gzipped_to_a_browser_that_accepts_it(client, make, htmx):
    make.institution(name="Hong Kong Cyberport Management Company")
    headers = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}
    if htmx:
        headers["HTTP_HX_REQUEST"] = "true"
    response = client.get("/en/institutions/", **headers)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "Hong Kong Cyberport Management Company" in html


def test_plain_clients_get_plain_html(client, make):
    make.hub(name="Cyberport")
    response = client.get("/en/hubs/")
    assert not response.has_header("Content-Encoding")
    assert "Cyberport" in response.content.decode()


def test_a_repeat_visit_with_the_compressed_etag_is_not_modified(client, make):
    make.policy(name="Smart City Blueprint")
    first = client.get("/en/policies/", HTTP_ACCEPT_ENCODING="gzip")
    etag = first["ETag"]
    again = client.get("/en/policies/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
