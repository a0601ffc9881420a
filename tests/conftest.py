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


# --- The admin's second factor (hkai_portal/two_factor.py) -------------------------------------


@pytest.fixture
def verified_login():
    """`verified_login(client, user)`: log `user` in as having passed the admin's second
    factor, as the login page does after a right code."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    def log_in(client, user):
        client.force_login(user)
        device, _created = StaticDevice.objects.get_or_create(user=user, name="tests")
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return log_in


@pytest.fixture
def admin_client(client, admin_user, verified_login):
    """pytest-django's admin_client, past the second factor."""
    return verified_login(client, admin_user)
