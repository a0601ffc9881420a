"""The directory's data: four kinds of entry (entries.py), the sectors they belong to
(sectors.py), the sources that back every fact (sources.py), and the questions asked of
them (querysets.py)."""

from directory.models.entries import (
    MAX_YEAR,
    MIN_YEAR,
    Challenge,
    District,
    Entry,
    Hub,
    Institution,
    Policy,
    PublicationStatus,
)
from directory.models.sectors import Sector
from directory.models.sources import Source

ENTRY_MODELS = (Institution, Hub, Policy, Challenge)

__all__ = [
    "ENTRY_MODELS",
    "MAX_YEAR",
    "MIN_YEAR",
    "Challenge",
    "District",
    "Entry",
    "Hub",
    "Institution",
    "Policy",
    "PublicationStatus",
    "Sector",
    "Source",
]
