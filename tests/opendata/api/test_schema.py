"""The OpenAPI schema validates, documents the listings' filters, and its docs load offline."""

import pytest
import yaml
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_the_schema_documents_every_endpoint_and_the_listing_filters(schema):
    paths = schema["paths"]
    for path in ("institutions", "hubs", "policies", "challenges", "sectors"):
        assert f"/api/v1/{path}/" in paths
        assert f"/api/v1/{path}/{{slug}}/" in paths
    parameters = {p["name"] for p in paths["/api/v1/policies/"]["get"]["parameters"]}
    assert {"q", "sector", "kind", "status", "year_min", "issuer", "sort", "page"} <= parameters


def test_the_schema_is_served_as_yaml_too(client):
    response = client.get("/api/v1/schema/")
    assert yaml.safe_load(response.content)["info"]["title"]


def test_the_docs_load_their_assets_locally(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()
