from django.urls import path

from directory import views
from directory.models import Challenge, Collaboration, Hub, Institution, Policy

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("sectors/<slug:slug>/", views.sector_detail, name="sector_detail"),
    path("institutions/", views.institution_list, name="institution_list"),
    path(
        "institutions/<slug:slug>/",
        views.EntryDetail.as_view(model=Institution),
        name="institution_detail",
    ),
    path("hubs/", views.hub_list, name="hub_list"),
    path("hubs/<slug:slug>/", views.EntryDetail.as_view(model=Hub), name="hub_detail"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/<slug:slug>/", views.EntryDetail.as_view(model=Policy), name="policy_detail"),
    path("challenges/", views.challenge_list, name="challenge_list"),
    path(
        "challenges/<slug:slug>/",
        views.EntryDetail.as_view(model=Challenge),
        name="challenge_detail",
    ),
    path("collaborations/", views.collaboration_list, name="collaboration_list"),
    path(
        "collaborations/<slug:slug>/",
        views.EntryDetail.as_view(model=Collaboration),
        name="collaboration_detail",
    ),
]
