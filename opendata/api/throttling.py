from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousThrottle(AnonRateThrottle):
    """Requests per client address, counted in the shared cache (so the limit holds across
    app servers). The rate is read when asked, not once at import as DRF's own does, so
    settings and tests can change it."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
