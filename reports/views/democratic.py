"""
Democratic Services' pages: the committees and their meetings; each meeting's
agenda, with what the public and members see of it; and, after the meeting, its
minutes. The writes are reports/democratic.py's.

A page that names a meeting's exempt (Part II) items is never cached, and its
reading goes in the security log (`agenda_aware`).
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from harrow_its.access import DEMOCRATIC_SERVICES, access
from harrow_its.concurrency import VersionedFormView
from reports import democratic, packs
from reports.forms import (
    AgendaItemForm,
    CommitteeForm,
    MeetingForm,
    MinutesForm,
    VersionSeenForm,
)
from reports.models import AgendaItem, Committee, Meeting
from reports.views import private
from reports.views.composing import AsksFirst


@dataclass(frozen=True)
class Seen:
    """The version of a record that a form carries (reports/democratic.py): empty for
    a record being added."""

    version: str = ""


def _meeting(pk) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)


def agenda_aware(view):
    """A page of a meeting with exempt items names them: never cached, and logged."""

    @wraps(view)
    def wrapper(request, pk, **kwargs):
        response = view(request, pk=pk, **kwargs)
        exempt = AgendaItem.objects.filter(meeting=pk, exempt=True).exists()
        return private(response, exempt, request=request, what=f"meeting={pk} agenda")

    return wrapper


def democratic_view(view_class):
    """A Democratic Services form (GET to see it, POST to send it)."""
    return access(DEMOCRATIC_SERVICES, writes=True)(view_class.as_view())


def meeting_view(view_class):
    """A Democratic Services form about a meeting's agenda, which may name Part II items."""
    return access(DEMOCRATIC_SERVICES, writes=True)(agenda_aware(view_class.as_view()))


@access(DEMOCRATIC_SERVICES)
def committee_list(request):
    meetings = Meeting.objects.annotate(items=Count("agenda")).order_by("-date")
    committees = Committee.objects.prefetch_related(Prefetch("meetings", queryset=meetings))
    return render(
        request,
        "reports/democratic/committees.html",
        {"committees": committees, "today": timezone.localdate()},
    )


class DemocraticFormView(VersionedFormView):
    """A form of Democratic Services' that writes through reports/democratic.py:
    `save(form)` raises StaleEdit when the record changed meanwhile, ValidationError
    when a rule is broken (shown next to the field it names)."""

    template_name = "reports/democratic/form.html"
    title = submit = caption = intro = ""
    versioned = Seen()

    def get_title(self):
        return self.title

    def get_caption(self):
        return self.caption

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.get_title(),
            caption=self.get_caption(),
            intro=self.intro,
            submit=self.submit,
            back_url=self.get_back_url(),
            **kwargs,
        )

    def get_back_url(self):
        return self.get_success_url()


class CommitteeAddView(DemocraticFormView):
    form_class = CommitteeForm
    title = "Add a committee"
    caption = "Committees and meetings"
    submit = "Add the committee"
    success_message = "Committee added: now add its meetings"

    def save(self, form):
        democratic.committee_create(name=form.cleaned_data["name"])

    def get_success_url(self):
        return reverse("reports:committees")


committee_add = democratic_view(CommitteeAddView)


class MeetingAddView(DemocraticFormView):
    form_class = MeetingForm
    title = "Add a meeting"
    submit = "Add the meeting"
    success_message = "Meeting added: now set its agenda"

    def dispatch(self, request, *args, **kwargs):
        self.committee = get_object_or_404(Committee, slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_caption(self):
        return self.committee.name

    def save(self, form):
        data = form.cleaned_data
        self.meeting = democratic.meeting_create(
            committee=self.committee, date=data["date"], time=data["time"], venue=data["venue"]
        )

    def get_back_url(self):
        return reverse("reports:committees")

    def get_success_url(self):
        return reverse("reports:agenda", args=[self.meeting.pk])


meeting_add = democratic_view(MeetingAddView)


class MeetingFormView(DemocraticFormView):
    """A form about one meeting (the URL's `pk`), carrying the version of what it
    changes (`seen`); back to the meeting's agenda."""

    def dispatch(self, request, *args, **kwargs):
        self.meeting = _meeting(kwargs["pk"])
        self.versioned = self.seen()
        return super().dispatch(request, *args, **kwargs)

    def seen(self) -> Seen:
        return Seen()

    def get_caption(self):
        return f"{self.meeting.committee}, {self.meeting.date:%-d %B %Y}"

    def get_success_url(self):
        return reverse("reports:agenda", args=[self.meeting.pk])


class MeetingEditView(MeetingFormView):
    form_class = MeetingForm
    title = "Change the meeting’s date, time or venue"
    submit = "Save"
    success_message = "Meeting changed"

    def seen(self):
        return Seen(democratic.meeting_version(self.meeting))

    def get_initial(self):
        meeting = self.meeting
        time = f"{meeting.time:%H:%M}" if meeting.time else ""
        return {**super().get_initial(), "date": meeting.date, "time": time, "venue": meeting.venue}

    def save(self, form):
        data = form.cleaned_data
        democratic.meeting_update(
            meeting=self.meeting,
            version=data["version"],
            date=data["date"],
            time=data["time"],
            venue=data["venue"],
        )


meeting_edit = meeting_view(MeetingEditView)


@access(DEMOCRATIC_SERVICES)
@agenda_aware
def meeting_agenda(request, pk):
    """The meeting's agenda, to manage: its items, and the agenda as the public and as
    members see it; its papers deadline, its minutes."""
    meeting = _meeting(pk)
    items = list(meeting.agenda.all())
    today = timezone.localdate()
    return render(
        request,
        "reports/democratic/agenda.html",
        {
            "meeting": meeting,
            "rows": [{"item": item, "report": item.report()} for item in items],
            "entries": packs.agenda(meeting),
            "minutes_open": democratic.minutes_open(meeting, today=today),
            "deadline_passed": meeting.deadline_on(today).passed,
        },
    )


class AgendaItemEditView(MeetingFormView):
    """Add an item to the agenda, or change one (the URL's `item_pk`)."""

    form_class = AgendaItemForm
    submit = "Save"

    @cached_property
    def item(self):
        pk = self.kwargs.get("item_pk")
        return get_object_or_404(self.meeting.agenda, pk=pk) if pk else None

    def seen(self):
        return Seen(democratic.agenda_item_version(self.item) if self.item else "")

    def get_title(self):
        return f"Change item {self.item.number}" if self.item else "Add an agenda item"

    def get_initial(self):
        item = self.item
        if item:
            found = {
                "number": item.number,
                "title": item.title,
                "series": item.series,
                "exempt": "yes" if item.exempt else "no",
                "exempt_paragraph": item.exempt_paragraph,
            }
        else:
            last = max((i.number for i in self.meeting.agenda.all()), default=0)
            found = {"number": last + 1, "exempt": "no"}
        return {**super().get_initial(), **found}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.meeting, "item": self.item}

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in democratic.ITEM_FIELDS}
        if self.item:
            saved = democratic.agenda_item_update(
                item=self.item, version=form.cleaned_data["version"], **data
            )
        else:
            saved = democratic.agenda_item_create(meeting=self.meeting, **data)
        self.success_message = f"Item {saved.number} {'saved' if self.item else 'added'}"


agenda_item_edit = meeting_view(AgendaItemEditView)


class AgendaItemRemoveView(AsksFirst, MeetingFormView):
    form_class = VersionSeenForm
    template_name = "reports/democratic/confirm.html"
    submit = "Remove item"

    @cached_property
    def item(self):
        return get_object_or_404(self.meeting.agenda, pk=self.kwargs["item_pk"])

    def seen(self):
        return Seen(democratic.agenda_item_version(self.item))

    def get_title(self):
        return f"Remove item {self.item.number}?"

    def get_context_data(self, **kwargs):
        warning = "The item is taken off the agenda"
        if self.item.decision:
            warning += ", with its minute"
        return super().get_context_data(
            item=self.item, warning=f"{warning}.", warning_button=True, **kwargs
        )

    def save(self, form):
        democratic.agenda_item_delete(item=self.item, version=form.cleaned_data["version"])
        self.success_message = f"Item {self.item.number} removed"


agenda_item_remove = meeting_view(AgendaItemRemoveView)


class MinutesView(MeetingFormView):
    """Each item's minute, after the meeting; read only once published."""

    form_class = MinutesForm
    template_name = "reports/democratic/minutes.html"
    title = "Minutes"
    submit = "Save the minutes"
    success_message = "Minutes saved"

    def seen(self):
        self.open = democratic.minutes_open(self.meeting, today=timezone.localdate())
        return Seen(democratic.minutes_version(self.meeting))

    def post(self, request, *args, **kwargs):
        if not self.open or self.meeting.minutes_published_at:
            return self.get(request, *args, **kwargs)  # nothing to send: the page says why
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        decisions = {f"item_{item.pk}": item.decision for item in self.meeting.agenda.all()}
        return {**super().get_initial(), **decisions}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": self.meeting.agenda.all()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            meeting=self.meeting,
            minutes_open=self.open,
            opens_on=self.meeting.date + timedelta(days=1),
            items=self.meeting.agenda.all(),
            **kwargs,
        )

    def save(self, form):
        democratic.minutes_record(
            meeting=self.meeting,
            version=form.cleaned_data["version"],
            decisions=form.decisions,
            today=timezone.localdate(),
        )


minutes = meeting_view(MinutesView)


class MinutesPublishView(AsksFirst, MeetingFormView):
    form_class = VersionSeenForm
    template_name = "reports/democratic/confirm.html"
    title = "Publish the minutes?"
    submit = "Publish the minutes"
    success_message = "Minutes published"

    def seen(self):
        return Seen(democratic.minutes_version(self.meeting))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            warning="Once published, the minutes are on the meeting’s page for anyone to "
            "read (a Part II item’s for members only), and they no longer change.",
            **kwargs,
        )

    def save(self, form):
        democratic.minutes_publish(
            meeting=self.meeting,
            version=form.cleaned_data["version"],
            at=timezone.now(),
            today=timezone.localdate(),
        )

    def get_success_url(self):
        return self.meeting.get_absolute_url()

    def get_back_url(self):
        return reverse("reports:minutes", args=[self.meeting.pk])


minutes_publish = meeting_view(MinutesPublishView)
