"""Bulk editing in the admin with django-import-export: both languages, a dry-run preview,
history for every change, and a bad row rejected by line number with nothing written."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contributions.resources import RESOURCES
from directory.models import Policy

pytestmark = pytest.mark.django_db

HEADERS = ["slug", "name_en", "name_zh_hant", "summary_en", "summary_zh_hant", "kind"]
HEADERS += ["announced_year", "stage", "status", "sectors", "issuer"]


def csv_file(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: row.get(name, "") for name in HEADERS})
    return SimpleUploadedFile("policies.csv", out.getvalue().encode(), content_type="text/csv")


def row(slug, **values):
    base = {
        "slug": slug,
        "name_en": f"Policy {slug}",
        "name_zh_hant": f"政策 {slug}",
        "summary_en": "Summary.",
        "summary_zh_hant": "摘要。",
        "kind": "strategy",
        "announced_year": "2024",
        "stage": "active",
        "status": "draft",
    }
    return {**base, **values}


def import_url():
    return reverse("admin:directory_policy_import")


def upload(client, rows):
    return client.post(
        import_url(), {"resource": "0", "format": "0", "import_file": csv_file(rows)}
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse("admin:directory_policy_process_import"), data)


def test_export_has_both_languages_and_slugs(make):
    sector = make.sector(slug="fintech")
    issuer = make.institution(slug="hku")
    make.policy(slug="p1", name_zh_hant="政策一", issuer=issuer, sectors=[sector])
    exported = RESOURCES[Policy]().export()
    record = exported.dict[0]
    assert record["name_zh_hant"] == "政策一"
    assert (record["issuer"], record["sectors"]) == ("hku", "fintech")


def test_dry_run_preview_writes_nothing_then_confirm_writes_with_history(
    editor_client, editor, make
):
    make.sector(slug="fintech")
    existing = make.policy(slug="old", name="Old name")
    rows = [row("old", name_en="New name", sectors="fintech"), row("brand-new")]
    preview = upload(editor_client, rows)
    assert preview.status_code == 200
    assert "confirm_form" in preview.context  # the preview, awaiting confirmation
    assert not Policy.objects.filter(slug="brand-new").exists()
    existing.refresh_from_db()
    assert existing.name_en == "Old name"

    assert confirm(editor_client, preview).status_code == 302
    existing.refresh_from_db()
    assert existing.name_en == "New name"
    assert [s.slug for s in existing.sectors.all()] == ["fintech"]
    new = Policy.objects.get(slug="brand-new")
    assert new.name_zh_hant == "政策 brand-new"
    for entry in (existing, new):
        record = entry.history.latest()
        assert (record.history_user, record.history_change_reason) == (editor, "Imported")


def test_a_bad_row_is_named_by_line_and_nothing_is_written(editor_client):
    rows = [row("good-one"), row("bad-one", kind="nonsense"), row("bad-two", announced_year="x")]
    response = upload(editor_client, rows)
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    # Rows are numbered as the spreadsheet's data rows, each with what is wrong in it.
    invalid = {row.number: row.error_dict for row in response.context["result"].invalid_rows}
    assert set(invalid) == {2, 3}
    assert "not a valid choice" in str(invalid[2]["kind"])
    assert "whole number" in str(invalid[3]["announced_year"])
    assert "Some rows failed to validate" in response.content.decode()
    assert not Policy.objects.exists()


def test_an_editors_import_cannot_publish(editor_client, make):
    draft = make.policy(slug="draft", status="draft")
    preview = upload(
        editor_client, [row("draft", status="published"), row("new", status="published")]
    )
    confirm(editor_client, preview)
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert Policy.objects.get(slug="new").status == "draft"


def test_a_publishers_import_may_publish(publisher_client):
    preview = upload(publisher_client, [row("live", status="published")])
    confirm(publisher_client, preview)
    assert Policy.objects.get(slug="live").status == "published"
