"""
Democratic Services' writes: committees, their meetings, each meeting's agenda and,
after the meeting, its minutes; and asking for a meeting's agenda packs.

Meetings and agenda items carry no version of their own, so a form carries a
fingerprint of the record as the person saw it (`meeting_version`,
`agenda_item_version`, `minutes_version`): each write locks the record, takes its
fingerprint again and, if it differs, refuses the change with StaleEdit
(harrow_its/concurrency.py), so of two people editing at once the second is told,
never silently overwritten. Changes to a meeting's agenda lock the meeting first,
so two items cannot take the same number.

A rule broken (a number already used, Part II without its Schedule 12A paragraph,
an item's part disagreeing with its report's) is refused with a ValidationError
naming the field, which the form shows next to it.
"""

import hashlib
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from harrow_its.concurrency import StaleEdit
from reports import jobs
from reports.models import AgendaItem, Committee, Meeting, Rendering, Report

COMMITTEE_TAKEN = "There is already a committee called {name}"
COMMITTEE_NAME_NEEDS_LETTERS = "Enter a name with letters or numbers in it"
MEETING_TAKEN = "The {committee} already has a meeting on {day:%-d %B %Y}"
MEETING_DATE_FIXED = (
    "Reports to this meeting have been published for {day:%-d %B %Y}, so its date cannot change"
)
MEETING_BEFORE_CUT_OFF = (
    "The meeting cannot be before {cut_off:%-d %B %Y}: {subject} shows its data as at that day"
)
STALE_MEETING = (
    "Someone else changed this meeting while you were editing it, so your change has not "
    "been saved. Check the meeting as it is now, then make your change again if it is "
    "still needed."
)
NUMBER_TAKEN = "There is already an item {number}: choose another number"
STALE_ITEM = (
    "Someone else changed this item while you were editing it, so your change has not "
    "been saved. Check the item as it is now, then make your change again if it is still needed."
)
ITEM_GONE = "Someone else has removed this item from the agenda meanwhile."
MINUTES_FIX_THE_AGENDA = "The minutes of this meeting have been published: it can no longer change"
MINUTES_NOT_YET = (
    "The minutes can be recorded once the meeting has taken place: from {day:%A %-d %B %Y}"
)
MINUTES_ALREADY_PUBLISHED = "The minutes have been published: they cannot change"
MINUTES_INCOMPLETE = "Record the minute of every item first: item {numbers} has none"
MINUTES_INCOMPLETE_MANY = "Record the minute of every item first: items {numbers} have none"
MINUTES_NO_AGENDA = "The meeting has no agenda items to minute"
STALE_MINUTES = (
    "Someone else changed these minutes while you were editing them, so your change has "
    "not been saved. Check the minutes as they are now, then make your change again if it "
    "is still needed."
)

# The fields of an agenda item its form changes; its version is taken over these.
ITEM_FIELDS = ("number", "title", "series", "exempt", "exempt_paragraph")


def _fingerprint(*values) -> str:
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def meeting_version(meeting: Meeting) -> str:
    """The version of a meeting's date, time and venue, for a form to carry."""
    return _fingerprint(meeting.date, meeting.time, meeting.venue)


def agenda_item_version(item: AgendaItem) -> str:
    """The version of an agenda item as its form shows it."""
    return _fingerprint(*(getattr(item, name) for name in ITEM_FIELDS))


def minutes_version(meeting: Meeting) -> str:
    """The version of a meeting's minutes: every item's minute, and whether published."""
    decisions = meeting.agenda.order_by("pk").values_list("pk", "decision")
    return _fingerprint(tuple(decisions), meeting.minutes_published_at)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


def _refuse_once_minuted(meeting: Meeting) -> None:
    if meeting.minutes_published_at is not None:
        raise ValidationError(MINUTES_FIX_THE_AGENDA)


# Committees and meetings


@transaction.atomic
def committee_create(*, name: str) -> Committee:
    """A committee, its slug made from its name."""
    name = " ".join(name.split())
    slug = slugify(name)
    if not slug:
        raise ValidationError({"name": COMMITTEE_NAME_NEEDS_LETTERS})
    existing = Committee.objects.filter(Q(name__iexact=name) | Q(slug=slug)).first()
    if existing is not None:
        raise ValidationError({"name": COMMITTEE_TAKEN.format(name=existing.name)})
    taken = ValidationError({"name": COMMITTEE_TAKEN.format(name=name)})
    committee = Committee(name=name, slug=slug)
    committee.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            committee.save()
    except IntegrityError:  # added by someone else meanwhile
        raise taken from None
    return committee


def _refuse_a_second_meeting_that_day(committee: Committee, day: date, *, meeting=None):
    others = Meeting.objects.filter(committee=committee, date=day)
    if meeting is not None:
        others = others.exclude(pk=meeting.pk)
    if others.exists():
        raise ValidationError({"date": MEETING_TAKEN.format(committee=committee, day=day)})


@transaction.atomic
def meeting_create(*, committee: Committee, date: date, time: time | None, venue: str) -> Meeting:
    _refuse_a_second_meeting_that_day(committee, date)
    meeting = Meeting(committee=committee, date=date, time=time, venue=venue.strip())
    meeting.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # added by someone else meanwhile
        _refuse_a_second_meeting_that_day(committee, date)
        raise
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, version: str, date: date, time: time | None, venue: str
) -> Meeting:
    """Change a meeting's date, time or venue. Its date stays once a report to it is
    published (the report says which day it is for), and never goes before a
    report's data-as-at day."""
    current = _locked(meeting)
    if meeting_version(current) != version:
        raise StaleEdit(STALE_MEETING)
    _refuse_once_minuted(current)
    if date != current.date:
        if current.reports.filter(state=Report.State.PUBLISHED).exists():
            raise ValidationError({"date": MEETING_DATE_FIXED.format(day=current.date)})
        _refuse_a_second_meeting_that_day(current.committee, date, meeting=current)
        later = current.reports.filter(cut_off__gt=date).order_by("-cut_off").first()
        if later is not None:
            raise ValidationError(
                {
                    "date": MEETING_BEFORE_CUT_OFF.format(
                        cut_off=later.cut_off, subject=later.subject
                    )
                }
            )
    current.date, current.time, current.venue = date, time, venue.strip()
    current.full_clean(validate_unique=False, validate_constraints=False)
    current.save(update_fields=["date", "time", "venue"])
    meeting.date, meeting.time, meeting.venue = current.date, current.time, current.venue
    return current


# The agenda


def agenda_item_check(item: AgendaItem) -> None:
    """Refuse an item that breaks a rule, saying which of its fields does: its number
    already used on the agenda; Part II without its paragraph of Schedule 12A; a part
    that disagrees with its report's (AgendaItem.clean)."""
    errors = {}
    try:
        item.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if item.number is not None and "number" not in errors:
        taken = AgendaItem.objects.filter(meeting=item.meeting_id, number=item.number)
        if taken.exclude(pk=item.pk).exists():
            errors["number"] = [NUMBER_TAKEN.format(number=item.number)]
    if errors:
        raise ValidationError(errors)


def _fill(
    item: AgendaItem, *, number: int, title: str, series: str, exempt: bool, exempt_paragraph: str
) -> AgendaItem:
    item.number, item.title, item.series = number, title.strip(), series
    item.exempt = exempt
    item.exempt_paragraph = exempt_paragraph.strip() if exempt else ""
    return item


@transaction.atomic
def agenda_item_create(
    *,
    meeting: Meeting,
    number: int,
    title: str,
    series: str,
    exempt: bool,
    exempt_paragraph: str,
) -> AgendaItem:
    """Add an item to the agenda: on a report of the meeting (its `series`) or not."""
    current = _locked(meeting)
    _refuse_once_minuted(current)
    item = _fill(
        AgendaItem(meeting=current),
        number=number,
        title=title,
        series=series,
        exempt=exempt,
        exempt_paragraph=exempt_paragraph,
    )
    agenda_item_check(item)
    item.save()
    return item


def _claim_item(item: AgendaItem, version: str) -> tuple[Meeting, AgendaItem]:
    meeting = _locked(item.meeting)
    current = AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    if current is None:
        raise StaleEdit(ITEM_GONE)
    if agenda_item_version(current) != version:
        raise StaleEdit(STALE_ITEM)
    _refuse_once_minuted(meeting)
    current.meeting = meeting
    return meeting, current


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    version: str,
    number: int,
    title: str,
    series: str,
    exempt: bool,
    exempt_paragraph: str,
) -> AgendaItem:
    _, current = _claim_item(item, version)
    _fill(
        current,
        number=number,
        title=title,
        series=series,
        exempt=exempt,
        exempt_paragraph=exempt_paragraph,
    )
    agenda_item_check(current)
    current.save(update_fields=list(ITEM_FIELDS))
    return current


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, version: str) -> None:
    _, current = _claim_item(item, version)
    current.delete()


# Minutes


def minutes_open(meeting: Meeting, *, today: date) -> bool:
    """Whether the meeting has taken place, so that its minutes may be recorded."""
    return today > meeting.date


def _refuse_unless_minutes_open(meeting: Meeting, version: str, *, today: date) -> None:
    if not minutes_open(meeting, today=today):
        raise ValidationError(MINUTES_NOT_YET.format(day=meeting.date + timedelta(days=1)))
    if meeting.minutes_published_at is not None:
        raise ValidationError(MINUTES_ALREADY_PUBLISHED)
    if minutes_version(meeting) != version:
        raise StaleEdit(STALE_MINUTES)


@transaction.atomic
def minutes_record(
    *, meeting: Meeting, version: str, decisions: dict[int, str], today: date
) -> Meeting:
    """Record each item's minute (`decisions`, by item): what the committee decided,
    or "Noted"; after the meeting, until the minutes are published."""
    current = _locked(meeting)
    _refuse_unless_minutes_open(current, version, today=today)
    for item in current.agenda.filter(pk__in=decisions):
        decision = decisions[item.pk].strip()
        if decision != item.decision:
            item.decision = decision
            item.save(update_fields=["decision"])
    return current


@transaction.atomic
def minutes_publish(*, meeting: Meeting, version: str, at: datetime, today: date) -> Meeting:
    """Publish the minutes: from `at` the meeting's page shows each item's minute (a
    Part II item's to those who may read Part II only). Every item needs one."""
    current = _locked(meeting)
    _refuse_unless_minutes_open(current, version, today=today)
    items = list(current.agenda.all())
    if not items:
        raise ValidationError(MINUTES_NO_AGENDA)
    missing = [str(item.number) for item in items if not item.decision.strip()]
    if missing:
        message = MINUTES_INCOMPLETE if len(missing) == 1 else MINUTES_INCOMPLETE_MANY
        numbers = (
            missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " and " + missing[-1]
        )
        raise ValidationError(message.format(numbers=numbers))
    current.minutes_published_at = at
    current.save(update_fields=["minutes_published_at"])
    meeting.minutes_published_at = at
    return current


# Agenda packs


@transaction.atomic
def packs_build(*, meeting: Meeting, by, late_reason: str | None = None) -> list[Rendering]:
    """Have the worker build the meeting's packs (reports/jobs.py); for late papers,
    with the reason they must still be taken at the meeting, which its page shows."""
    if late_reason is not None and late_reason.strip() != meeting.late_reason:
        meeting.late_reason = late_reason.strip()
        Meeting.objects.filter(pk=meeting.pk).update(late_reason=meeting.late_reason)
    return jobs.packs_request(meeting=meeting, by=by)
