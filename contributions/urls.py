from django.urls import path

from contributions import views

app_name = "contributions"

urlpatterns = [
    path("suggest/", views.suggest_entry, name="suggest_entry"),
    path("suggest/thanks/", views.thanks, name="thanks"),
    path(
        "<slug:type_path>/<slug:slug>/suggest/",
        views.suggest_correction,
        name="suggest_correction",
    ),
]
