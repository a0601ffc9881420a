"""Plain functions that create valid entries with sensible defaults for tests."""

import itertools

from django.utils.text import slugify

from directory.models import (
    Challenge,
    Collaboration,
    Hub,
    Institution,
    Partner,
    Policy,
    PublicationStatus,
    Region,
    Sector,
)

_counter = itertools.count(1)


def _entry_defaults(model_label, kwargs):
    n = next(_counter)
    name = kwargs.pop("name", f"Test {model_label} {n}")
    kwargs.setdefault("name_en", name)
    kwargs.setdefault("slug", f"{slugify(name)}-{n}")
    kwargs.setdefault("summary_en", f"Summary of {name}.")
    kwargs.setdefault("status", PublicationStatus.PUBLISHED)
    sectors = kwargs.pop("sectors", ())
    return kwargs, sectors


def _create(model, label, kwargs):
    kwargs, sectors = _entry_defaults(label, kwargs)
    entry = model.objects.create(**kwargs)
    if sectors:
        entry.sectors.set(sectors)
    return entry


def sector(**kwargs):
    n = next(_counter)
    name = kwargs.pop("name", f"Sector {n}")
    kwargs.setdefault("name_en", name)
    kwargs.setdefault("slug", f"{slugify(name)}-{n}")
    return Sector.objects.create(**kwargs)


def institution(**kwargs):
    kwargs.setdefault("kind", Institution.Kind.UNIVERSITY)
    return _create(Institution, "institution", kwargs)


def hub(**kwargs):
    kwargs.setdefault("kind", Hub.Kind.SCIENCE_PARK)
    return _create(Hub, "hub", kwargs)


def policy(**kwargs):
    kwargs.setdefault("kind", Policy.Kind.STRATEGY)
    kwargs.setdefault("announced_year", 2023)
    return _create(Policy, "policy", kwargs)


def challenge(**kwargs):
    kwargs.setdefault("category", Challenge.Category.TALENT)
    return _create(Challenge, "challenge", kwargs)


def collaboration(**kwargs):
    """A collaboration; `partners` is a list of (name, region) pairs or dicts of Partner
    fields, and `institutions` / `hubs` its Hong Kong parties."""
    kwargs.setdefault("kind", Collaboration.Kind.JOINT_LAB)
    partners = kwargs.pop("partners", [("Test Partner University", Region.UNITED_KINGDOM)])
    institutions = kwargs.pop("institutions", ())
    hubs = kwargs.pop("hubs", ())
    entry = _create(Collaboration, "collaboration", kwargs)
    for partner in partners:
        if not isinstance(partner, dict):
            partner = {"name_en": partner[0], "region": partner[1]}
        Partner.objects.create(collaboration=entry, **partner)
    if institutions:
        entry.institutions.set(institutions)
    if hubs:
        entry.hubs.set(hubs)
    return entry
