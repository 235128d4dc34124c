"""
Composing reports: authors change drafts only (a published report is not found
here), publish them, correct published ones and start the next of a series; and
see what is still to be updated before a draft's deadline.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from harrow_its.access import AUTHORS, access
from harrow_its.concurrency import StaleEdit, versioned_form
from reports import jobs, selectors, services, workers
from reports.forms import (
    ConfirmForm,
    CorrectionForm,
    NextReportForm,
    ParagraphForm,
    ReportDetailsForm,
    SectionForm,
)
from reports.models import Paragraph, Report
from reports.pdf import RenderFailed
from reports.readiness import readiness, send_reminders
from reports.views import private


def exempt_aware(view):
    """Composing a report that is, or has parts, exempt shows Part II: such responses
    are never cached, and go in the security log."""

    @wraps(view)
    def wrapper(request, pk, **kwargs):
        response = view(request, pk, **kwargs)
        report = Report.objects.filter(pk=pk).first()
        return private(
            response,
            report is not None and report.has_exempt_parts,
            request=request,
            what=f"report={pk} composing",
        )

    return wrapper


@access(AUTHORS)
@exempt_aware
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


@access(AUTHORS, writes=True)
@exempt_aware
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


@access(AUTHORS, writes=True)
@exempt_aware
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


@access(AUTHORS, writes=True)
@exempt_aware
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
        except (StaleEdit, RenderFailed) as error:  # changed meanwhile; or too big to render
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


@access(AUTHORS, writes=True)
@exempt_aware
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


@access(AUTHORS, writes=True)
@exempt_aware
def report_publish(request, pk):
    report = selectors.editable_report(pk)
    return _confirm(
        request,
        report,
        title="Publish this report?",
        submit="Publish report",
        warning="Once published, the report and its appendices never change: readers get "
        "exactly this version for good. Mistakes are put right with a correction.",
        action=lambda version: jobs.publishing_start(
            report=report, version=version, by=request.user
        ),
        done=(
            "The report is being published: its PDF is made first",
            reverse("reports:publishing", args=[report.pk]),
        ),
    )


@access(AUTHORS)
def report_publishing(request, pk):
    """How the report's publishing is going: making its PDFs, then freezing it; or
    why it was not published, with Try again."""
    report = get_object_or_404(Report.objects.select_related("meeting__committee"), pk=pk)
    job = jobs.publishing_of(report)
    if job is None:
        raise Http404("This report has not been sent to be published.")
    context = {
        "report": report,
        "job": job,
        "no_worker": not job.finished and workers.none_running(now=timezone.now()),
        # Tried again, it publishes the version sent; a draft changed since is sent anew.
        "may_retry": report.state == Report.State.DRAFT and report.version == job.version,
    }
    response = render(request, "reports/publishing.html", context)
    add_never_cache_headers(response)
    # It names what the report carries, Part II included: never cached, and logged.
    return private(response, report.exempt, request=request, what=f"report={pk} publishing")


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


@access(AUTHORS, writes=True)
@exempt_aware
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


@access(AUTHORS, writes=True)
@exempt_aware
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


@access(AUTHORS, writes=True)
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
