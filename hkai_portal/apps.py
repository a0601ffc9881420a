from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    """The project itself, as an app only so its system checks are registered."""

    default = True
    name = "hkai_portal"
    verbose_name = "HK AI Portal"

    def ready(self):
        from hkai_portal import checks  # noqa: F401 (registers the checks)


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the site that asks for a second factor as the default site."""

    default = False  # "hkai_portal" alone means PortalConfig
    default_site = "hkai_portal.two_factor.AdminSite"
