"""
Committee reports: reading them (the list, the web page, the PDF and the data),
and composing, publishing and correcting them.

A report a person may not read is "not found", so Part II never shows even that it
exists. Readers who may not read Part II get a version with the exempt parts taken
out, and any response carrying exempt content is never cached.

A draft is assembled from the live data on each request. A published report is
served from its stored files, exactly as they were when it was published.
"""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import patch_cache_control
from django.views.decorators.http import require_POST

from harrow_its.access import AUTHORS, PUBLIC, access
from harrow_its.concurrency import StaleEdit, versioned_form
from harrow_its.forms import as_at_form
from reports import documents, opendata, packs, selectors, services
from reports.assembly import assemble
from reports.forms import (
    ConfirmForm,
    CorrectionForm,
    NextReportForm,
    ParagraphForm,
    ReportDetailsForm,
    SectionForm,
)
from reports.models import AgendaPack, Meeting, Paragraph, PublishedFile, Report
from reports.readiness import readiness, send_reminders
from reports.tasks import build_agenda_pack

CONTENT_TYPES = {
    PublishedFile.Kind.PDF: "application/pdf",
    PublishedFile.Kind.DATA: "application/json",
}


@access(PUBLIC)
def report_list(request):
    return render(
        request,
        "reports/report_list.html",
        {
            "reports": selectors.report_list(request.user),
            "meetings": Meeting.objects.select_related("committee"),
        },
    )


def _readable(request, pk) -> Report:
    report = selectors.reports_visible_to(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    return report


def _private(response, exempt_content: bool):
    if exempt_content:
        patch_cache_control(response, no_store=True, private=True)
    return response


def _stored(request, report, kind) -> PublishedFile:
    file = selectors.published_file(
        report, kind, read_exempt=selectors.can_read_exempt(request.user)
    )
    if file is None:  # published without this kind of file: never, but say so plainly
        raise Http404("This report was published without it.")
    return file


def _live(request, report, as_at=None):
    """A draft's assembly, as this reader may see it (as at another day, to preview it)."""
    read_exempt = selectors.can_read_exempt(request.user)
    assembled = documents.for_reader(assemble(report, as_at), read_exempt=read_exempt)
    exempt_content = report.exempt or (read_exempt and assembled.has_exempt_parts)
    return assembled, exempt_content


@access(PUBLIC)
def report_detail(request, pk):
    report = _readable(request, pk)
    context = {"report": report, "may_author": AUTHORS.allows(request.user)}
    if report.is_published:
        file = _stored(request, report, PublishedFile.Kind.HTML)
        context |= {
            "open_tables": _open_tables(report),
            "publication": report.publication,
            "files": selectors.published_files(report, restricted=file.restricted),
            "article": mark_safe(bytes(file.content).decode()),  # noqa: S308 (rendered by us)
            "correction": Report.objects.filter(supersedes=report).first(),
        }
        response = render(request, "reports/published.html", context)
        return _private(response, file.restricted)
    preview = as_at_form(
        request,
        label="Preview it with the data as at another day",
        hint=f"For example, 1 9 2005. Leave it blank for its own date, {report.cut_off:%-d %B %Y}.",
    )
    as_at = preview.cleaned_data["as_at"] if preview.is_valid() else None
    assembled, exempt_content = _live(request, report, as_at)
    context |= {"article": documents.report_html(assembled), "preview": preview, "as_at": as_at}
    response = render(request, "reports/report.html", context)
    return _private(response, exempt_content)


def _public_data(report) -> bytes | None:
    """The stored public data of a published Part I report: open data's source."""
    if report.exempt or not report.is_published:
        return None
    file = selectors.published_file(report, PublishedFile.Kind.DATA, read_exempt=False)
    return bytes(file.content) if file else None


def _open_tables(report):
    data = _public_data(report)
    return opendata.tables(data) if data else []


@access(PUBLIC)
def report_open_data(request, pk, name):
    """One appendix table of a published Part I report, as CSV: open data."""
    report = _readable(request, pk)
    data = _public_data(report)
    filename = f"{name}.csv"
    content = opendata.table_csv(data, filename) if data else None
    if content is None:
        raise Http404("No such table.")
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"{report.meeting.date:%Y-%m-%d}-{report.series}-{filename}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _download(request, pk, kind, extension):
    report = _readable(request, pk)
    if report.is_published:
        file = _stored(request, report, kind)
        content, exempt_content = bytes(file.content), file.restricted
    else:
        assembled, exempt_content = _live(request, report)
        if kind == PublishedFile.Kind.PDF:
            content = documents.report_pdf(assembled, draft=True)
        else:
            content = assembled.as_json()
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    draft = "" if report.is_published else "-draft"
    name = f"{report.meeting.date:%Y-%m-%d}-{report.series}{draft}.{extension}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return _private(response, exempt_content)


@access(PUBLIC)
def report_pdf(request, pk):
    return _download(request, pk, PublishedFile.Kind.PDF, "pdf")


@access(PUBLIC)
def report_data(request, pk):
    return _download(request, pk, PublishedFile.Kind.DATA, "json")


# Composing: authors change drafts only.


@access(AUTHORS)
def report_compose(request, pk):
    report = selectors.editable_report(pk)
    sections = report.sections.prefetch_related("paragraphs")
    return render(
        request,
        "reports/compose.html",
        {"report": report, "sections": sections, "appendices": report.appendices.all()},
    )


def _compose_form(request, report, *, title, form_class, initial, save, done, form_kwargs=None):
    compose = reverse("reports:compose", args=[report.pk])
    return versioned_form(
        request,
        form_class=form_class,
        form_kwargs=form_kwargs or {},
        initial={"version": report.version, **initial},
        save=save,
        done=(done, compose),
        template="reports/form.html",
        context={"report": report, "title": title, "back_url": compose, "submit": "Save"},
    )


@access(AUTHORS)
def report_details_edit(request, pk):
    report = selectors.editable_report(pk)
    return _compose_form(
        request,
        report,
        title="Report details and summary",
        form_class=ReportDetailsForm,
        initial={name: getattr(report, name) for name in services.DETAIL_FIELDS}
        | {"key_decision": "yes" if report.key_decision else "no"}
        | {"exempt": "yes" if report.exempt else "no"},
        save=lambda data: services.report_details_update(report=report, **data),
        done="Report details saved",
        form_kwargs={"meeting_date": report.meeting.date},
    )


@access(AUTHORS)
def section_edit(request, pk, section_pk=None):
    report = selectors.editable_report(pk)
    section = get_object_or_404(report.sections, pk=section_pk) if section_pk else None
    return _compose_form(
        request,
        report,
        title=f"Section {section.number}" if section else "Add a section",
        form_class=SectionForm,
        initial={"number": section.number, "title": section.title}
        if section
        else {"number": (max((s.number for s in report.sections.all()), default=0) + 1)},
        save=lambda data: services.section_save(report=report, section=section, **data),
        done="Section saved",
        form_kwargs={"report": report, "section": section},
    )


@access(AUTHORS)
def paragraph_edit(request, pk, paragraph_pk=None):
    report = selectors.editable_report(pk)
    paragraphs = Paragraph.objects.filter(section__report=report)
    paragraph = get_object_or_404(paragraphs, pk=paragraph_pk) if paragraph_pk else None
    if paragraph:
        initial = {
            "section": paragraph.section_id,
            "number": paragraph.number,
            "heading": paragraph.heading,
            "body": paragraph.body,
            "exempt": "yes" if paragraph.exempt else "no",
            "exempt_paragraph": paragraph.exempt_paragraph,
        }
    else:
        initial = {"section": request.GET.get("section"), "exempt": "no"}

    def save(data):
        section = get_object_or_404(report.sections, pk=data.pop("section"))
        services.paragraph_save(report=report, paragraph=paragraph, section=section, **data)

    return _compose_form(
        request,
        report,
        title=f"Paragraph {paragraph}" if paragraph else "Add a paragraph",
        form_class=ParagraphForm,
        initial=initial,
        save=save,
        done="Paragraph saved",
        form_kwargs={"report": report},
    )


def _confirm(request, report, *, title, submit, warning, action, done, **context):
    """Ask before doing something to a draft; `action(version)` does it."""
    form = ConfirmForm(request.POST or None, initial={"version": report.version})
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data["version"])
        except StaleEdit as error:
            form = ConfirmForm({"version": report.version})
            form.is_valid()
            form.add_error(None, str(error))
        else:
            messages.success(request, done[0])
            return redirect(done[1] or result)
    return render(
        request,
        "reports/confirm.html",
        {
            "report": report,
            "form": form,
            "title": title,
            "submit": submit,
            "warning": warning,
            "back_url": reverse("reports:compose", args=[report.pk]),
            **context,
        },
    )


@access(AUTHORS)
def paragraph_remove(request, pk, paragraph_pk):
    report = selectors.editable_report(pk)
    paragraph = get_object_or_404(Paragraph.objects.filter(section__report=report), pk=paragraph_pk)
    return _confirm(
        request,
        report,
        title=f"Remove paragraph {paragraph}?",
        submit="Remove paragraph",
        warning="The paragraph is taken out of this draft.",
        action=lambda version: services.paragraph_delete(
            report=report, version=version, paragraph=paragraph
        ),
        done=("Paragraph removed", reverse("reports:compose", args=[report.pk])),
        paragraph=paragraph,
    )


@access(AUTHORS)
def report_publish(request, pk):
    report = selectors.editable_report(pk)
    return _confirm(
        request,
        report,
        title="Publish this report?",
        submit="Publish report",
        warning="Once published, the report and its appendices never change: readers get "
        "exactly this version for good. Mistakes are put right with a correction.",
        action=lambda version: (
            services.publish(report=report, version=version, by=request.user).report
        ),
        done=("Report published", None),
    )


def _start_draft(request, report, *, form, start, done, **context):
    """A form that starts a new draft from `report`: `start(cleaned_data)` makes it."""
    if request.method == "POST" and form.is_valid():
        try:
            draft = start(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("reports:compose", draft.pk)
    return render(
        request,
        "reports/form.html",
        {"report": report, "form": form, "back_url": report.get_absolute_url(), **context},
    )


@access(AUTHORS)
def report_correct(request, pk):
    original = get_object_or_404(Report, pk=pk, state=Report.State.PUBLISHED)
    return _start_draft(
        request,
        original,
        form=CorrectionForm(request.POST or None),
        start=lambda data: services.correction_start(report=original, reason=data["reason"]),
        done="Correction started: change it, then publish it",
        title="Correct this report",
        submit="Start the correction",
        intro="The correction starts as a copy of the published report. When it is "
        "published it supersedes this one, which stays readable, marked as corrected.",
    )


@access(AUTHORS)
def report_next(request, pk):
    previous = get_object_or_404(Report, pk=pk)
    return _start_draft(
        request,
        previous,
        form=NextReportForm(request.POST or None, previous=previous),
        start=lambda data: services.next_report_start(previous=previous, **data),
        done="Report started from the last one: bring it up to date",
        title="Start the next report",
        submit="Start the report",
        intro=f"The new report starts with the text of this one, for the next meeting of the "
        f"{previous.meeting.committee}. Its appendices show the data as at its own date.",
    )


@access(AUTHORS)
def report_readiness(request, pk):
    """What is still to be updated for a draft, by department; and its reminders."""
    report = selectors.editable_report(pk)
    if request.method == "POST":
        sent = send_reminders(report)
        messages.success(
            request,
            f"{len(sent)} reminder{pluralize(len(sent))} sent"
            if sent
            else "Nobody needed a reminder who has not had one for this deadline",
        )
        return redirect("reports:readiness", report.pk)
    return render(
        request,
        "reports/readiness.html",
        {
            "report": report,
            "readiness": readiness(report),
            "reminders": report.reminders.filter(deadline=report.cut_off).select_related("user"),
            "days_before": settings.REMINDER_DAYS_BEFORE,
        },
    )


# Meetings: the agenda, and its packs.


def _meeting(pk):
    return get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)


@access(PUBLIC)
def meeting_detail(request, pk):
    meeting = _meeting(pk)
    read_exempt = selectors.can_read_exempt(request.user)
    public = packs.latest_pack(meeting, restricted=False)
    restricted = packs.latest_pack(meeting, restricted=True) if read_exempt else None
    entries = packs.agenda(meeting)
    rows = []
    for entry in entries:
        pack = restricted if entry.item.exempt else public
        rows.append(
            {
                "entry": entry,
                "visible": read_exempt or not entry.item.exempt,
                # The page the item starts on in its pack, as the pack's agenda says.
                "page": pack.pages.get(str(entry.item.number)) if pack else None,
            }
        )
    response = render(
        request,
        "reports/meeting.html",
        {
            "meeting": meeting,
            "rows": rows,
            "public_pack": public,
            "restricted_pack": restricted,
            "has_exempt_items": any(e.item.exempt for e in entries),
            "may_author": AUTHORS.allows(request.user),
            "building": meeting.packs.filter(
                state__in=[AgendaPack.State.QUEUED, AgendaPack.State.BUILDING]
            ).exists(),
            "failed": meeting.packs.filter(state=AgendaPack.State.FAILED).first(),
        },
    )
    return _private(response, read_exempt and any(e.item.exempt for e in entries))


@access(AUTHORS)
@require_POST
def meeting_build_packs(request, pk):
    """Queue the meeting's packs to be built in the background: Part I, and Part II
    if any item is exempt."""
    meeting = _meeting(pk)
    restricted_too = meeting.agenda.filter(exempt=True).exists()
    for restricted in (False, True) if restricted_too else (False,):
        pack = AgendaPack.objects.create(
            meeting=meeting,
            restricted=restricted,
            requested_by=request.user,
            requested_at=timezone.now(),
            stage="Waiting for the background worker",
        )
        transaction.on_commit(partial(build_agenda_pack.enqueue, pack.pk))
    messages.success(request, "The agenda pack is being built: this page shows how far it has got")
    return redirect("reports:meeting", meeting.pk)


@access(PUBLIC)
def meeting_pack_progress(request, pk):
    """How far the meeting's packs being built have got, for the page to show."""
    meeting = _meeting(pk)
    recent = sorted(meeting.packs.defer("pdf")[:4], key=lambda p: p.restricted)
    return JsonResponse(
        {
            "building": [
                {
                    "part": "Part II" if p.restricted else "Part I",
                    "progress": p.progress,
                    "stage": p.stage,
                    "state": p.state,
                }
                for p in recent
                if p.state in (AgendaPack.State.QUEUED, AgendaPack.State.BUILDING)
                and (not p.restricted or selectors.can_read_exempt(request.user))
            ]
        }
    )


@access(PUBLIC)
def meeting_pack_pdf(request, pk, part):
    meeting = _meeting(pk)
    restricted = part == "part-ii"
    if restricted and not selectors.can_read_exempt(request.user):
        raise Http404("No such pack.")
    pack = meeting.packs.filter(restricted=restricted, state=AgendaPack.State.DONE).first()
    if pack is None:
        raise Http404("The pack has not been built yet.")
    response = HttpResponse(bytes(pack.pdf), content_type="application/pdf")
    name = f"{meeting.date:%Y-%m-%d}-{meeting.committee.slug}-agenda-pack-{part}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return _private(response, restricted)
