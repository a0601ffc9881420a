"""Open data's URLs outside the language prefix: robots.txt, the sitemap, the API."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from opendata import views
from opendata.sitemaps import SITEMAPS

urlpatterns = [
    path("api/v1/", include("opendata.api.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
