from django.urls import path
from django.views.generic import TemplateView

from harrow_its.access import STAFF, access

app_name = "bvpi"

urlpatterns = [
    path(
        "",
        access(STAFF)(TemplateView.as_view(template_name="bvpi/index.html")),
        name="index",
    ),
]
