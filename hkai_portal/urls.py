from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from hkai_portal.health import healthz

urlpatterns = [
    # Outside i18n_patterns: no language redirect, never page-cached.
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
urlpatterns += [
    # Open data outside the language prefix: robots.txt, the sitemap, the API (opendata/).
    path("", include("opendata.root_urls")),
]
urlpatterns += i18n_patterns(
    path("", include("directory.urls")),
    path("", include("opendata.urls")),
)
