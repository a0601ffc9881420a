import pytest

from directory.models import Institution


@pytest.mark.django_db
def test_published_excludes_drafts(make):
    shown = make.institution(name="Shown")
    make.institution(name="Hidden", status="draft")
    assert list(Institution.objects.published()) == [shown]
