from django.urls import path

from reports.views import clearance, composing, democratic, meetings, reading

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
    # Democratic Services: committees, meetings, agendas and minutes.
    path("committees/", democratic.committee_list, name="committees"),
    path("committees/new/", democratic.committee_add, name="committee_add"),
    path("committees/<slug:slug>/meetings/new/", democratic.meeting_add, name="meeting_add"),
    path("meetings/<int:pk>/change/", democratic.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/agenda/", democratic.meeting_agenda, name="agenda"),
    path("meetings/<int:pk>/agenda/new/", democratic.agenda_item_edit, name="agenda_item_add"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/",
        democratic.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        democratic.agenda_item_remove,
        name="agenda_item_remove",
    ),
    path("meetings/<int:pk>/minutes/", democratic.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/publish/", democratic.minutes_publish, name="minutes_publish"),
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
    path("<int:pk>/clearance/send/", clearance.clearance_send, name="clearance_send"),
    path("clearance/", clearance.clearance_list, name="clearance_list"),
    path("clearance/<int:pk>/<int:rule_pk>/", clearance.clearance_review, name="clearance_review"),
    path("<int:pk>/publish/", composing.report_publish, name="publish"),
    path("<int:pk>/publishing/", composing.report_publishing, name="publishing"),
    path("<int:pk>/correct/", composing.report_correct, name="correct"),
    path("<int:pk>/next/", composing.report_next, name="next"),
]
