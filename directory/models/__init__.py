"""The directory's data: five kinds of entry (entries.py), a collaboration's partners
(partners.py), the sectors they belong to (sectors.py), the sources that back every fact
(sources.py), and the questions asked of them (querysets.py)."""

from directory.models.choices import Region
from directory.models.constraints import MAX_YEAR, MIN_YEAR
from directory.models.entries import (
    ENTRY_MODELS,
    Challenge,
    Collaboration,
    District,
    Entry,
    Hub,
    Institution,
    Policy,
    PublicationStatus,
)
from directory.models.partners import Partner
from directory.models.sectors import Sector
from directory.models.sources import Source

__all__ = [
    "ENTRY_MODELS",
    "MAX_YEAR",
    "MIN_YEAR",
    "Challenge",
    "Collaboration",
    "District",
    "Entry",
    "Hub",
    "Institution",
    "Partner",
    "Policy",
    "PublicationStatus",
    "Region",
    "Sector",
    "Source",
]
