from django.urls import path

from reports.views import composing, meetings, reading

app_name = "reports"

urlpatterns = [
    path("", reading.report_list, name="index"),
    path("<int:pk>/", reading.report_detail, name="detail"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/packs/", meetings.meeting_build_packs, name="build_packs"),
    path("meetings/<int:pk>/packs/progress/", meetings.meeting_pack_progress, name="pack_progress"),
    path(
        "meetings/<int:pk>/agenda-pack-<slug:part>.pdf", meetings.meeting_pack_pdf, name="pack_pdf"
    ),
    path("<int:pk>/pdf/", reading.report_pdf, name="pdf"),
    path("<int:pk>/pdf/make/", reading.report_pdf_make, name="pdf_make"),
    path(
        "<int:pk>/pdf/<int:rendering_pk>/progress/",
        reading.rendering_progress,
        name="rendering_progress",
    ),
    path("<int:pk>/pdf/<int:rendering_pk>/retry/", reading.rendering_retry, name="rendering_retry"),
    path("<int:pk>/data.json", reading.report_data, name="data"),
    path("<int:pk>/data/<slug:name>.csv", reading.report_open_data, name="open_data"),
    path("<int:pk>/compose/", composing.report_compose, name="compose"),
    path("<int:pk>/compose/details/", composing.report_details_edit, name="details"),
    path("<int:pk>/compose/sections/new/", composing.section_edit, name="section_add"),
    path("<int:pk>/compose/sections/<int:section_pk>/", composing.section_edit, name="section"),
    path("<int:pk>/compose/paragraphs/new/", composing.paragraph_edit, name="paragraph_add"),
    path(
        "<int:pk>/compose/paragraphs/<int:paragraph_pk>/",
        composing.paragraph_edit,
        name="paragraph",
    ),
    path(
        "<int:pk>/compose/paragraphs/<int:paragraph_pk>/remove/",
        composing.paragraph_remove,
        name="paragraph_remove",
    ),
    path("<int:pk>/readiness/", composing.report_readiness, name="readiness"),
    path("<int:pk>/publish/", composing.report_publish, name="publish"),
    path("<int:pk>/publishing/", composing.report_publishing, name="publishing"),
    path("<int:pk>/correct/", composing.report_correct, name="correct"),
    path("<int:pk>/next/", composing.report_next, name="next"),
]
