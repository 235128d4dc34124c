"""
Telling committee members by e-mail when a report or an agenda pack is published.

The background worker calls `report_published_notify` once publishing has frozen a
report, and `pack_published_notify` once a pack is ready (reports/jobs.py). Each
active member (the `member` role) with an e-mail address gets one e-mail per
report or pack: the `Notice` recording it is inserted in the same transaction as
the e-mail is sent, so a retry sends only to those not yet told (the database
refuses a second notice), and a send that fails leaves no notice, for the next
try.

Part II never goes by e-mail. A Part II report's e-mail says only that an exempt
report was published for a meeting, with a link that asks them to sign in: no
subject, no content. A Part I report's e-mail is made from its stored public data
only (so nothing of an exempt paragraph or appendix), and a Part II pack's names
no item. The bodies are plain text built here, never through a template, so
nothing typed is escaped or interpreted.
"""

import json
import logging
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from harrow_its.models import Role, User
from reports import selectors
from reports.models import Notice, PublishedFile, Rendering, Report

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    subject: str
    body: str


def members() -> QuerySet[User]:
    """Who is told: active committee members with an e-mail address."""
    return (
        User.objects.filter(is_active=True, groups__name=Role.MEMBER)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def sign_in_link(path: str) -> str:
    """The address that asks them to sign in, then takes them to `path`."""
    return absolute(f"{reverse('login')}?{urlencode({'next': path})}")


# The headline of the changes since the last committee, from a report's public data.


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


ACTION_CHANGES = (  # (the change as the data says it, one, many)
    ("New", "new improvement action", "new improvement actions"),
    ("Completed", "improvement action completed", "improvement actions completed"),
    ("Now overdue", "improvement action now overdue", "improvement actions now overdue"),
)


def changes_headline(data: dict) -> str:
    """What changed since the last committee, in a line: "2 projects changed RAG
    status; 6 milestones slipped; BVPI 157: 87% to 93%", from a report's data as
    stored when it was published (reports/changes.py says what each change is).
    Empty when the data has no changes appendix to read: a series' first report, a
    report without one, or one whose changes appendix is exempt (its content is
    null in the public data; changes withheld for an exempt appendix are left out
    of the public data already)."""
    content = next(
        (
            appendix["content"]
            for appendix in data.get("appendices", [])
            if appendix["kind"] == "changes" and appendix["content"]
        ),
        None,
    )
    if content is None or content["since"] is None:
        return ""
    parts = []
    if content["projects"]:
        parts.append(
            _count(len(content["projects"]), "project", "projects") + " changed RAG status"
        )
    if content["milestones"]:
        parts.append(_count(len(content["milestones"]), "milestone", "milestones") + " slipped")
    if content["forecasts"]:
        number = len(content["forecasts"])
        parts.append(
            _count(number, "forecast outturn", "forecast outturns") + " moved by more than 5%"
        )
    actions = Counter(action["change"] for action in content["actions"])
    parts += [
        _count(actions[change], one, many)
        for change, one, many in ACTION_CHANGES
        if actions[change]
    ]
    if content["indicators"]:
        number = len(content["indicators"])
        parts.append(_count(number, "indicator", "indicators") + " changed RAG or direction")
    if content["restatements"]:
        parts.append(_count(len(content["restatements"]), "figure", "figures") + " restated")
    council = next((move for move in content["bvpi"] if move["department"] == "Council"), None)
    if council and council["now"]["percent"] is not None:
        was, now = council["was"]["percent"], council["now"]["percent"]
        parts.append(
            f"BVPI 157: unchanged at {now}%" if was == now else f"BVPI 157: {was}% to {now}%"
        )
    return "; ".join(parts) if parts else "nothing changed"


def public_headline(report: Report) -> str:
    """The headline of a published Part I report's changes, from its public data only."""
    file = selectors.published_file(report, PublishedFile.Kind.DATA, read_exempt=False)
    if file is None:  # a Part II report has no public data
        return ""
    return changes_headline(json.loads(bytes(file.content)))


# The e-mails


def report_message(report: Report) -> Message:
    meeting = report.meeting
    if report.exempt:
        return Message(
            subject=f"Part II (exempt) report published: {meeting}",
            body=(
                f"A Part II (exempt) report was published for the meeting of {meeting}.\n\n"
                "It is not for publication, so this e-mail does not say what it is. Sign in "
                f"to read it:\n{sign_in_link(report.get_absolute_url())}\n"
            ),
        )
    body = (
        f"A report was published for the meeting of {meeting}.\n\n"
        f"{report.subject}\n"
        f"Meeting: {meeting}\n"
        f"Read it: {absolute(report.get_absolute_url())}\n"
    )
    if headline := public_headline(report):
        body += f"\nChanges since the last committee: {headline}.\n"
    return Message(subject=f"Report published: {report.subject}", body=body)


def pack_message(pack: Rendering) -> Message:
    meeting = pack.meeting
    link = absolute(meeting.get_absolute_url())
    if pack.restricted:
        return Message(
            subject=f"Part II (exempt) agenda pack published: {meeting}",
            body=(
                f"The Part II (exempt) agenda pack for the meeting of {meeting} was "
                "published.\n\nIt is not for publication, so this e-mail does not say what "
                f"is in it. Sign in to read it:\n{sign_in_link(meeting.get_absolute_url())}\n"
            ),
        )
    pages = _count(pack.page_count or 0, "page", "pages")
    items = "".join(
        f"{item.number}. {item.title}\n" for item in meeting.agenda.filter(exempt=False)
    )
    return Message(
        subject=f"Agenda pack published: {meeting}",
        body=(
            f"The agenda pack for the meeting of {meeting} was published ({pages}).\n\n"
            f"Agenda and papers: {link}\n\n"
            f"The agenda:\n{items}"
        ),
    )


def _send(message: Message, notice_of: dict, still_waiting=None) -> list[Notice]:
    """Send `message` to each member not yet told of it (`notice_of`: the report or the
    pack), recording each e-mail as a Notice in the transaction that sends it. A send
    that fails is logged and leaves no notice, for the next try; the others go on."""
    sent = []
    for user in members():
        try:
            with transaction.atomic():
                notice = Notice.objects.create(user=user, sent_at=timezone.now(), **notice_of)
                send_mail(
                    subject=message.subject,
                    message=message.body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[user.email],
                )
        except IntegrityError:  # told already
            continue
        except Exception:
            logger.exception("notice-failed user=%s %s", user.username, _what(notice_of))
            continue
        sent.append(notice)
        if still_waiting:
            still_waiting()
    return sent


def _what(notice_of: dict) -> str:
    return " ".join(f"{name}={value.pk}" for name, value in notice_of.items())


def report_published_notify(*, report: Report, still_waiting=None) -> list[Notice]:
    """E-mail the committee members that `report` was published, each once however
    often this runs; returns the notices sent now. `still_waiting()` is called after
    each e-mail (the worker renews its lease with it)."""
    report = Report.objects.select_related("meeting__committee").get(pk=report.pk)
    if not report.is_published:
        return []
    return _send(report_message(report), {"report": report}, still_waiting)


def pack_published_notify(*, pack: Rendering, still_waiting=None) -> list[Notice]:
    """E-mail the committee members that the agenda pack `pack` is ready, each once
    however often this runs; returns the notices sent now. Nothing for a pack that is
    not ready."""
    pack = (
        Rendering.objects.select_related("meeting__committee")
        .defer("pdf", "html")
        .filter(pk=pack.pk, kind=Rendering.Kind.PACK, state=Rendering.State.DONE)
        .first()
    )
    if pack is None:
        return []
    return _send(pack_message(pack), {"pack": pack}, still_waiting)
