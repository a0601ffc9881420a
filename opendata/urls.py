"""Open data's public URLs inside the language prefix (/en/…, /zh-hant/…). The type segment
is the listing's own ("institutions"), so an export sits beside the listing it exports."""

from django.urls import path, re_path

from opendata import feeds, views

app_name = "opendata"

FORMAT = r"(?P<fmt>csv|json)"

urlpatterns = [
    path("data/", views.data, name="data"),
    path("changes/", views.changes, name="changes"),
    path("changes/feed/", feeds.ChangesFeed(), name="changes_feed"),
    path("feeds/updates/", feeds.UpdatesFeed(), name="updates_feed"),
    path("feeds/sectors/<slug:slug>/", feeds.SectorFeed(), name="sector_feed"),
    path("feeds/<slug:type_segment>/", feeds.TypeFeed(), name="type_feed"),
    re_path(rf"^search/export\.{FORMAT}$", views.search_export, name="search_export"),
    path("<slug:type_segment>/<slug:slug>/cite.bib", views.bibtex, name="bibtex"),
    re_path(
        rf"^(?P<type_segment>[a-z-]+)/export\.{FORMAT}$",
        views.listing_export,
        name="listing_export",
    ),
]
