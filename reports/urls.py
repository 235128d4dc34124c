from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="index"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/packs/", views.meeting_build_packs, name="build_packs"),
    path("meetings/<int:pk>/packs/progress/", views.meeting_pack_progress, name="pack_progress"),
    path("meetings/<int:pk>/agenda-pack-<slug:part>.pdf", views.meeting_pack_pdf, name="pack_pdf"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/data.json", views.report_data, name="data"),
    path("<int:pk>/data/<slug:name>.csv", views.report_open_data, name="open_data"),
    path("<int:pk>/compose/", views.report_compose, name="compose"),
    path("<int:pk>/compose/details/", views.report_details_edit, name="details"),
    path("<int:pk>/compose/sections/new/", views.section_edit, name="section_add"),
    path("<int:pk>/compose/sections/<int:section_pk>/", views.section_edit, name="section"),
    path("<int:pk>/compose/paragraphs/new/", views.paragraph_edit, name="paragraph_add"),
    path("<int:pk>/compose/paragraphs/<int:paragraph_pk>/", views.paragraph_edit, name="paragraph"),
    path(
        "<int:pk>/compose/paragraphs/<int:paragraph_pk>/remove/",
        views.paragraph_remove,
        name="paragraph_remove",
    ),
    path("<int:pk>/readiness/", views.report_readiness, name="readiness"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/correct/", views.report_correct, name="correct"),
    path("<int:pk>/next/", views.report_next, name="next"),
]
