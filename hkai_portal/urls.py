from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from hkai_portal import health

urlpatterns = [
    # Outside i18n_patterns: no language redirect, never page-cached.
    path("healthz", health.healthz, name="healthz"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += [
    # Open data outside the language prefix: robots.txt, the sitemap, the API (opendata/).
    path("", include("opendata.root_urls")),
]
urlpatterns += i18n_patterns(
    # insights first: its /<type>/compare/ would otherwise be read as an entry's slug.
    path("", include("insights.urls")),
    path("", include("directory.urls")),
    path("", include("contributions.urls")),
    path("", include("opendata.urls")),
)

# A database outage answers 503 with Retry-After instead of 500 (hkai_portal/outage.py).
handler500 = "hkai_portal.outage.server_error"
