"""
Composing reports: authors change drafts only (a published report is not found
here), publish them, correct published ones and start the next of a series; and
see what is still to be updated before a draft's deadline.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.views import SuccessMessageMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import FormView

from harrow_its.access import AUTHORS, access
from harrow_its.concurrency import StaleEdit, VersionedFormView
from reports import clearance, jobs, selectors, services, workers
from reports.clearance import NotCleared
from reports.forms import (
    ConfirmForm,
    CorrectionForm,
    NextReportForm,
    ParagraphForm,
    PublishForm,
    ReportDetailsForm,
    SectionForm,
)
from reports.models import Paragraph, Report
from reports.pdf import RenderFailed
from reports.readiness import readiness, send_reminders
from reports.views import deadline_of, private


def exempt_aware(view):
    """Composing a report that is, or has parts, exempt shows Part II: such responses
    are never cached, and go in the security log."""

    @wraps(view)
    def wrapper(request, pk, **kwargs):
        response = view(request, pk=pk, **kwargs)
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
        {
            "report": report,
            "sections": sections,
            "appendices": report.appendices.all(),
            "clearance": clearance.clearance_status(report),
            "record": clearance.record(report),
            "deadline": deadline_of(report),
        },
    )


class ComposeFormView(VersionedFormView):
    """A form that changes a draft; the author goes back to composing it."""

    template_name = "reports/form.html"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.report = self.versioned = selectors.editable_report(self.kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("reports:compose", args=[self.report.pk])

    def get_title(self):
        return self.title

    def part(self, queryset, kwarg):
        """The part of the draft the URL names by `kwarg`; None when one is being added."""
        pk = self.kwargs.get(kwarg)
        return get_object_or_404(queryset, pk=pk) if pk else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.report,
            title=self.get_title(),
            back_url=self.get_success_url(),
            submit="Save",
            **kwargs,
        )


def composing_view(view_class):
    """The view an author opens to change a draft (its parts may be exempt)."""
    return access(AUTHORS, writes=True)(exempt_aware(view_class.as_view()))


class ReportDetailsEditView(ComposeFormView):
    form_class = ReportDetailsForm
    title = "Report details and summary"
    success_message = "Report details saved"

    def get_initial(self):
        report = self.report
        return {
            **super().get_initial(),
            **{name: getattr(report, name) for name in services.DETAIL_FIELDS},
            "key_decision": "yes" if report.key_decision else "no",
            "exempt": "yes" if report.exempt else "no",
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting_date": self.report.meeting.date}

    def save(self, form):
        services.report_details_update(report=self.report, **form.cleaned_data)


report_details_edit = composing_view(ReportDetailsEditView)


class SectionEditView(ComposeFormView):
    form_class = SectionForm
    success_message = "Section saved"

    @cached_property
    def section(self):
        return self.part(self.report.sections, "section_pk")

    def get_title(self):
        return f"Section {self.section.number}" if self.section else "Add a section"

    def get_initial(self):
        if self.section:
            found = {"number": self.section.number, "title": self.section.title}
        else:
            found = {"number": max((s.number for s in self.report.sections.all()), default=0) + 1}
        return {**super().get_initial(), **found}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report, "section": self.section}

    def save(self, form):
        services.section_save(report=self.report, section=self.section, **form.cleaned_data)


section_edit = composing_view(SectionEditView)


def _paragraphs(report):
    return Paragraph.objects.filter(section__report=report)


class ParagraphEditView(ComposeFormView):
    form_class = ParagraphForm
    success_message = "Paragraph saved"

    @cached_property
    def paragraph(self):
        return self.part(_paragraphs(self.report), "paragraph_pk")

    def get_title(self):
        return f"Paragraph {self.paragraph}" if self.paragraph else "Add a paragraph"

    def get_initial(self):
        paragraph = self.paragraph
        if paragraph:
            found = {
                "section": paragraph.section_id,
                "number": paragraph.number,
                "heading": paragraph.heading,
                "body": paragraph.body,
                "exempt": "yes" if paragraph.exempt else "no",
                "exempt_paragraph": paragraph.exempt_paragraph,
            }
        else:
            found = {"section": self.request.GET.get("section"), "exempt": "no"}
        return {**super().get_initial(), **found}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.report}

    def save(self, form):
        data = form.cleaned_data
        section = get_object_or_404(self.report.sections, pk=data.pop("section"))
        services.paragraph_save(
            report=self.report, paragraph=self.paragraph, section=section, **data
        )


paragraph_edit = composing_view(ParagraphEditView)


class AsksFirst:
    """A form that asks before acting: an empty POST shows it again as a GET does,
    unbound, without errors."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if not self.request.POST:
            kwargs.pop("data", None)
            kwargs.pop("files", None)
        return kwargs


class ConfirmView(AsksFirst, SuccessMessageMixin, FormView):
    """Ask before doing something to a draft; `act(version)` does it."""

    form_class = ConfirmForm
    template_name = "reports/confirm.html"
    title = submit = warning = ""

    def dispatch(self, request, *args, **kwargs):
        self.report = selectors.editable_report(self.kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.report.version}

    def get_title(self):
        return self.title

    def act(self, version):
        raise NotImplementedError

    def form_valid(self, form):
        self.cleaned_data = form.cleaned_data
        try:
            self.act(form.cleaned_data["version"])
        # Changed meanwhile; too big to render; not cleared; or refused (ValidationError).
        except (StaleEdit, RenderFailed, NotCleared, ValidationError) as error:
            form = self.get_form_class()(
                {**form.cleaned_data, "version": self.report.version}, **self.form_options()
            )
            form.is_valid()
            for message in getattr(error, "messages", [str(error)]):
                form.add_error(None, message)
            return self.form_invalid(form)
        return super().form_valid(form)

    def form_options(self) -> dict:
        """Keyword arguments of the form besides its data."""
        return {}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), **self.form_options()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.report,
            title=self.get_title(),
            submit=self.submit,
            warning=self.warning,
            back_url=reverse("reports:compose", args=[self.report.pk]),
            **kwargs,
        )


class ParagraphRemoveView(ConfirmView):
    submit = "Remove paragraph"
    warning = "The paragraph is taken out of this draft."
    success_message = "Paragraph removed"

    @cached_property
    def paragraph(self):
        return get_object_or_404(_paragraphs(self.report), pk=self.kwargs["paragraph_pk"])

    def get_title(self):
        return f"Remove paragraph {self.paragraph}?"

    def get_context_data(self, **kwargs):
        return super().get_context_data(paragraph=self.paragraph, **kwargs)

    def act(self, version):
        services.paragraph_delete(report=self.report, version=version, paragraph=self.paragraph)

    def get_success_url(self):
        return reverse("reports:compose", args=[self.report.pk])


paragraph_remove = composing_view(ParagraphRemoveView)


class ReportPublishView(ConfirmView):
    """Publish the draft: once every clearance holds for this version; and, after the
    meeting's papers deadline, with the reason it must still be taken."""

    form_class = PublishForm
    template_name = "reports/publish.html"
    title = "Publish this report?"
    submit = "Publish report"
    warning = (
        "Once published, the report and its appendices never change: readers get "
        "exactly this version for good. Mistakes are put right with a correction."
    )
    success_message = "The report is being published: its PDF is made first"

    @cached_property
    def deadline(self):
        return deadline_of(self.report)

    def form_options(self):
        return {"late": self.deadline.asks_why}

    def get_initial(self):
        return {**super().get_initial(), "late_reason": self.report.meeting.late_reason}

    def act(self, version):
        with transaction.atomic():
            jobs.publishing_start(report=self.report, version=version, by=self.request.user)
            if self.deadline.asks_why:
                meeting = self.report.meeting
                meeting.late_reason = self.cleaned_data["late_reason"]
                meeting.save(update_fields=["late_reason"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            clearance=clearance.clearance_status(self.report), deadline=self.deadline, **kwargs
        )

    def get_success_url(self):
        return reverse("reports:publishing", args=[self.report.pk])


report_publish = composing_view(ReportPublishView)


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


class StartDraftView(AsksFirst, SuccessMessageMixin, FormView):
    """A form that starts a new draft from `report`: `start(form)` makes it, and the
    author goes on to compose it."""

    template_name = "reports/form.html"
    title = submit = ""

    def get_report(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.report = self.get_report()
        return super().dispatch(request, *args, **kwargs)

    def start(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.draft = self.start(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_success_url(self):
        return reverse("reports:compose", args=[self.draft.pk])

    def get_intro(self):
        return ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            report=self.report,
            back_url=self.report.get_absolute_url(),
            title=self.title,
            submit=self.submit,
            intro=self.get_intro(),
            **kwargs,
        )


class ReportCorrectView(StartDraftView):
    form_class = CorrectionForm
    title = "Correct this report"
    submit = "Start the correction"
    success_message = "Correction started: change it, then publish it"

    def get_report(self):
        return get_object_or_404(Report, pk=self.kwargs["pk"], state=Report.State.PUBLISHED)

    def get_intro(self):
        return (
            "The correction starts as a copy of the published report. When it is "
            "published it supersedes this one, which stays readable, marked as corrected."
        )

    def start(self, form):
        return services.correction_start(report=self.report, reason=form.cleaned_data["reason"])


report_correct = composing_view(ReportCorrectView)


class ReportNextView(StartDraftView):
    form_class = NextReportForm
    title = "Start the next report"
    submit = "Start the report"
    success_message = "Report started from the last one: bring it up to date"

    def get_report(self):
        return get_object_or_404(Report, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "previous": self.report}

    def get_intro(self):
        return (
            f"The new report starts with the text of this one, for the next meeting of the "
            f"{self.report.meeting.committee}. Its appendices show the data as at its own date."
        )

    def start(self, form):
        return services.next_report_start(previous=self.report, **form.cleaned_data)


report_next = composing_view(ReportNextView)


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
