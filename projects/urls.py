from django.urls import path
from django.views.generic import TemplateView

from harrow_its.access import STAFF, access

app_name = "projects"

urlpatterns = [
    path(
        "capital-projects/",
        access(STAFF)(TemplateView.as_view(template_name="projects/index.html")),
        name="index",
    ),
    path(
        "improvement-plan/",
        access(STAFF)(TemplateView.as_view(template_name="projects/plan.html")),
        name="plan",
    ),
]
