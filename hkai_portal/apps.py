from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project itself, as an app only so its system checks are registered."""

    name = "hkai_portal"
    verbose_name = "HK AI Portal"

    def ready(self):
        from hkai_portal import checks  # noqa: F401 (registers the checks)
