from django.urls import path
from django.views.generic import TemplateView

from harrow_its.access import PUBLIC, access

app_name = "reports"

urlpatterns = [
    path(
        "",
        access(PUBLIC)(TemplateView.as_view(template_name="reports/index.html")),
        name="index",
    ),
]
