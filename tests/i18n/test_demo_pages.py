"""The real demo data, every public page of it, read in Chinese: whatever English a Chinese
reader meets is either part of an entry's own Chinese text (a proper name such as HKUST) or
marked as English; never an untranslated piece of the interface."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from directory.models import ENTRY_MODELS, Sector, Source
from tests.i18n.html_text import LATIN_WORD, elements, english_words_in, texts
from tests.i18n.test_pages import CJK, SEARCH_EXAMPLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("loaddata", *settings.DEMO_FIXTURES, verbosity=0)


def content_words():
    """Latin-script words editors wrote into the Chinese text of the data (proper names)."""
    words = set()
    for model in (*ENTRY_MODELS, Sector, Source):
        fields = [f.name for f in model._meta.fields if f.name.endswith("_zh_hant")]
        for row in model.objects.values_list(*fields):
            for value in row:
                words.update(LATIN_WORD.findall(value or ""))
    return words


def public_paths():
    paths = [reverse("directory:home"), reverse("directory:search") + "?q=AI"]
    for model in ENTRY_MODELS:
        paths.append(reverse(f"directory:{model._meta.model_name}_list"))
        paths += [entry.get_absolute_url() for entry in model.objects.published()]
    paths += [sector.get_absolute_url() for sector in Sector.objects.all()]
    return paths


def test_every_demo_page_reads_in_chinese(client, demo):
    allowed = content_words() | {"AI", SEARCH_EXAMPLES[0]}
    with translation.override("zh-hant"):
        paths = public_paths()
    assert len(paths) > 10
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert elements(html, "html")[0]["lang"] == "zh-hant"
        leftovers = english_words_in(html, "zh", allowed)
        if leftovers:
            problems[path] = leftovers
    assert problems == {}


def test_every_demo_page_reads_in_english(client, demo):
    with translation.override("en"):
        paths = public_paths()
    for path in paths:
        html = client.get(path).content.decode()
        assert elements(html, "html")[0]["lang"] == "en"
        stray = [
            t
            for t in texts(html)
            if CJK.search(t.text.replace(SEARCH_EXAMPLES[1], "")) and not t.lang.startswith("zh")
        ]
        assert stray == [], path
