import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so cached pages never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /zh-hant/ leaves Chinese
    active in the test's thread, and `entry.name` would then read Chinese in the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make():
    """The factories, as a fixture: `make.institution(name="HKU")`."""
    return factories
