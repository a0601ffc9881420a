import time
import uuid

import pytest
from django.core import signing

from contributions.forms import TICKET_SALT


def ticket(age=60, submission=None):
    """A form ticket issued `age` seconds ago (as if the visitor had been typing)."""
    payload = {"id": (submission or uuid.uuid4()).hex, "t": time.time() - age}
    return signing.dumps(payload, salt=TICKET_SALT)


@pytest.fixture
def entry(make):
    return make.policy(name="Smart Policy", summary_en="Old summary.")


@pytest.fixture
def correction(entry):
    """A valid correction post for `entry`: (url, data)."""
    url = f"/en/policies/{entry.slug}/suggest/"
    data = {
        "ticket": ticket(),
        "field": "summary_en",
        "text": "New summary.",
        "source_url": "https://www.gov.hk/policy",
        "email": "",
        "website": "",
    }
    return url, data


def staff(username, group):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(username, password="not-used-here", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return staff("ed", "Editors")


@pytest.fixture
def publisher(db):
    return staff("pub", "Publishers")


@pytest.fixture
def editor_client(client, editor, verified_login):
    return verified_login(client, editor)


@pytest.fixture
def publisher_client(client, publisher, verified_login):
    return verified_login(client, publisher)
