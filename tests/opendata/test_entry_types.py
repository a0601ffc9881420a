"""Open data works over the directory's registry of entry types, so a new type joins the
exports, the API, the feeds and the sitemap without a change in opendata/."""

import pytest
from django.http import Http404
from django.urls import reverse

from directory.models import ENTRY_MODELS, Hub, Institution
from opendata.entry_types import (
    bilingual_fields,
    filterset_for,
    link_fields,
    model_for,
    plain_fields,
    segment,
)


@pytest.mark.parametrize("model", ENTRY_MODELS, ids=lambda m: m.__name__)
def test_every_type_has_a_segment_its_listing_uses_and_a_filterset(model):
    assert reverse(f"directory:{model._meta.model_name}_list") == f"/en/{segment(model)}/"
    assert model_for(segment(model)) is model
    assert filterset_for(model)._meta.model is model
    assert {"name", "slug", "summary", "created", "updated"} <= set(plain_fields(model))
    assert {"name_en", "name_zh_hant"} <= set(bilingual_fields(model))


def test_public_fields_leave_out_private_columns_and_per_language_copies():
    fields = plain_fields(Institution)
    assert "id" not in fields and "status" not in fields
    assert "name_en" not in fields and "parent" not in fields
    assert "name" not in bilingual_fields(Institution)


def test_links_are_the_types_own_relations_to_other_entries():
    assert link_fields(Institution) == ("parent", "hubs")
    assert link_fields(Hub) == ("operator",)


def test_an_unknown_segment_is_not_found():
    with pytest.raises(Http404):
        model_for("unicorns")
