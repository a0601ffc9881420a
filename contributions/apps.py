from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """The public's suggestions and the editors' tools around the directory: moderation,
    two-step publishing, the dashboard, source link checks and bulk import. `directory`
    never imports this app; it extends the directory's admin from here (admin.py)."""

    name = "contributions"
    verbose_name = _("Contributions")
