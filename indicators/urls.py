from django.urls import path
from django.views.generic import TemplateView

from harrow_its.access import STAFF, access

app_name = "indicators"

urlpatterns = [
    path(
        "",
        access(STAFF)(TemplateView.as_view(template_name="indicators/index.html")),
        name="index",
    ),
]
