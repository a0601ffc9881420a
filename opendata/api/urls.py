from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from opendata.api.views import VIEWSETS, SectorViewSet
from opendata.entry_types import segment

app_name = "api"

router = DefaultRouter()
for model, viewset in VIEWSETS.items():
    router.register(segment(model), viewset, basename=model._meta.model_name)
router.register("sectors", SectorViewSet, basename="sector")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="opendata/swagger_ui.html"
        ),
        name="docs",
    ),
    *router.urls,
]
