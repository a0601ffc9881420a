from django.urls import path, register_converter

from insights import views
from insights.comparison import model_paths

app_name = "insights"


class EntryTypeConverter:
    """A type's listing path ("institutions") in the URL, its model in the view."""

    regex = "[a-z-]+"

    def to_python(self, value):
        try:
            return model_paths()[value]
        except KeyError:
            raise ValueError(value) from None

    def to_url(self, model):
        return {m: path for path, m in model_paths().items()}[model]


register_converter(EntryTypeConverter, "entry_type")

urlpatterns = [
    path("insights/", views.insights, name="insights"),
    path("timeline/", views.timeline, name="timeline"),
    path("map/", views.district_map, name="map"),
    path("challenges/matrix/", views.matrix, name="matrix"),
    path("funding/", views.funding, name="funding"),
    path("<entry_type:model>/compare/", views.compare, name="compare"),
]
