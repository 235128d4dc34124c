from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("capital-projects/", views.project_list, name="index"),
    path("capital-projects/<str:code>/", views.project_detail, name="detail"),
    path(
        "capital-projects/<str:code>/updates/new/",
        views.project_update_create,
        name="update_create",
    ),
    path(
        "capital-projects/<str:code>/updates/<int:pk>/correct/",
        views.project_update_correct,
        name="update_correct",
    ),
    path("capital-projects/<str:code>/money/new/", views.finance_create, name="finance_create"),
    path(
        "capital-projects/<str:code>/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path(
        "capital-projects/<str:code>/milestones/<int:pk>/update/",
        views.milestone_revise,
        name="milestone_revise",
    ),
    path("improvement-plan/", views.plan, name="plan"),
    path("improvement-plan/actions/<int:pk>/", views.action_detail, name="action_detail"),
    path(
        "improvement-plan/actions/<int:pk>/notes/new/",
        views.action_update_create,
        name="action_update_create",
    ),
]
