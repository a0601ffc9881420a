from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Pages that show the directory as a whole: the timeline, charts, the district map,
    side-by-side comparison, the challenge-response matrix and the funding finder. They
    read the directory through its QuerySets and FilterSets; the directory never imports
    this app."""

    name = "insights"
    verbose_name = _("Insights")
