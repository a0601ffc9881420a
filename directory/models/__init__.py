"""The directory's data: five kinds of entry (entries.py; collaborations and their partners
in collaborations.py), the sectors they belong to (sectors.py), the sources that back every fact
(sources.py), and the questions asked of them (querysets.py)."""

from directory.models.choices import Region
from directory.models.collaborations import Collaboration, Partner
from directory.models.constraints import MAX_YEAR, MIN_YEAR
from directory.models.entries import (
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

ENTRY_MODELS = (Institution, Hub, Policy, Challenge, Collaboration)

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
