"""
Clearance: a draft is cleared before it is published.

Each committee names the people its reports must be cleared by (ClearanceRule: the
Responsible Officer, Finance, Legal, the Portfolio Holder's briefing). The author
sends the draft for clearance (`clearance_send`): that stores the version sent, its
as-at day and the draft as it then was, so each clearer reads what they are asked to
clear, however the draft moves on. A clearer clears it, or returns it with a comment
(`clearance_answer`).

Once the author changes the draft, each clearance of an earlier version shows what
changed since (`changes`, part by part); whether it still holds is the committee's
rule (`ClearanceRule.again_after_change`). Publishing is refused until every rule
has a clearance that holds for the current version (`refuse_unless_cleared`, which
reports/jobs.py asks before anything is made). Clearances are only ever added, with
who, when and which version; they are the portal's record, never printed in the
report.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst

from reports import publishing, services
from reports.assembly import assemble
from reports.models import Clearance, ClearanceRequest, ClearanceRule, Report

NO_RULES = (
    "Nobody has been named to clear reports to the {committee}: ask an administrator to "
    "name the clearers, or publish it without clearance."
)
NOT_CLEARED = (
    "This version has not been cleared by everyone who must clear it. Still to clear: {who}."
)
SUPERSEDED = (
    "A newer version of this report has been sent for clearance since: clear that one instead."
)
ALREADY_ANSWERED = "You have already answered for this version."
NOT_THE_CLEARER = "Only {clearer} clears this report for {title}."
RETURN_NEEDS_COMMENT = "Say what needs to change before you can clear it"
# What a clearer who may not read Part II is told of a Part II report's subject.
UNREADABLE_SUBJECT = "A Part II (exempt) report"
NOT_A_DRAFT = "This report has been published: there is nothing left to clear."


class NotCleared(Exception):
    """Publishing refused: the current version lacks a clearance it needs."""


# What the status of a rule is, as the author reads it.
CLEARED = "cleared"  # cleared, and it holds for the current version
RETURNED = "returned"  # returned with a comment: change the draft, then send it again
WAITING = "waiting"  # sent; the clearer has not answered yet
SEND_AGAIN = "send_again"  # changed since it was sent or cleared: the rule asks again
NOT_SENT = "not_sent"

STATE_LABELS = {
    CLEARED: "Cleared",
    RETURNED: "Returned",
    WAITING: "Waiting",
    SEND_AGAIN: "To send again",
    NOT_SENT: "Not sent",
}


def draft_text(report: Report) -> dict[str, str]:
    """The draft's words, part by part, labelled as a person would name each part:
    what a clearer clears, and what `changes` compares."""
    text = {
        "Data as at": f"{report.cut_off:%-d %B %Y}",
        "Part": f"{report.part} (Schedule 12A paragraph {report.exempt_paragraph})"
        if report.exempt
        else report.part,
    }
    for name in services.DETAIL_FIELDS:
        if name in ("cut_off", "exempt", "exempt_paragraph"):
            continue
        value = getattr(report, name)
        label = capfirst(Report._meta.get_field(name).verbose_name)
        text[label] = ("Yes" if value else "No") if isinstance(value, bool) else str(value)
    for section in report.sections.prefetch_related("paragraphs"):
        text[f"Section {section.number}"] = section.title
        for paragraph in section.paragraphs.all():
            name = paragraph.number or f"{section.number} ({paragraph.order})"
            words = " ".join(strip_tags(f"{paragraph.heading}\n{paragraph.body}").split())
            text[f"Paragraph {name}{_exempt(paragraph)}"] = words
    for appendix in report.appendices.all():
        text[f"Appendix {appendix.number}{_exempt(appendix)}"] = appendix.title
    return text


def _exempt(part) -> str:
    return f" {EXEMPT_PART.format(part.exempt_paragraph)}" if part.exempt else ""


# Marks a part's label: its words are Part II (see `for_reader`).
EXEMPT_PART = "(Part II, Schedule 12A paragraph {})"


def for_reader(found: list["Change"], *, report: Report, read_exempt: bool) -> list["Change"]:
    """What changed, as a reader may see it: one who may not read Part II is told that
    an exempt part changed, not what it says (and nothing of a Part II report)."""
    if read_exempt:
        return found
    if report.exempt:
        return []
    hidden = "(exempt: not shown)"
    return [
        Change(c.part, hidden if c.before else "", hidden if c.after else "")
        if "(Part II, Schedule 12A paragraph" in c.part
        else c
        for c in found
    ]


@dataclass(frozen=True)
class Change:
    part: str
    before: str  # "" when the part is new
    after: str  # "" when it was taken out


def changes(before: dict[str, str], after: dict[str, str]) -> list[Change]:
    """What differs between two versions' words, in the order of the later version
    (parts taken out last)."""
    found = [
        Change(part, before.get(part, ""), words)
        for part, words in after.items()
        if before.get(part) != words
    ]
    return found + [Change(part, words, "") for part, words in before.items() if part not in after]


@dataclass(frozen=True)
class RuleStatus:
    rule: ClearanceRule
    state: str
    answer: Clearance | None  # the rule's latest answer, of any version
    changed: tuple[Change, ...]  # since the version answered (or last sent, if unanswered)

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def holds(self) -> bool:
        return self.state == CLEARED


@dataclass(frozen=True)
class ClearanceStatus:
    report: Report
    rules: tuple[RuleStatus, ...]
    latest: ClearanceRequest | None  # the last version sent

    @property
    def outstanding(self) -> tuple[RuleStatus, ...]:
        return tuple(status for status in self.rules if not status.holds)

    @property
    def cleared(self) -> bool:
        return not self.outstanding

    @property
    def to_send(self) -> tuple[RuleStatus, ...]:
        """The rules that sending the draft now would ask."""
        return tuple(s for s in self.rules if s.state in (NOT_SENT, SEND_AGAIN, RETURNED))


def _requests(report: Report):
    return (
        ClearanceRequest.objects.filter(report=report)
        .select_related("sent_by")
        .defer("html", "restricted_html")
    )


def clearance_status(report: Report) -> ClearanceStatus:
    """Where each of the committee's clearances of `report` stands, for its current version."""
    report = Report.objects.select_related("meeting__committee").get(pk=report.pk)
    rules = list(report.meeting.committee.clearance_rules.select_related("clearer"))
    latest = _requests(report).first()  # the last version sent
    answers = list(  # newest first
        Clearance.objects.filter(request__report=report)
        .select_related("request", "by")
        .defer("request__html", "request__restricted_html")
    )
    now = draft_text(report) if latest else {}
    statuses = []
    for rule in rules:
        answer = next((a for a in answers if a.rule_id == rule.pk), None)
        seen = answer.request if answer else latest  # the version the rule last saw
        current = seen is not None and seen.version == report.version
        state = _state(rule, answer, latest, version=report.version)
        changed = tuple(changes(seen.text, now)) if seen is not None and not current else ()
        statuses.append(RuleStatus(rule=rule, state=state, answer=answer, changed=changed))
    return ClearanceStatus(report=report, rules=tuple(statuses), latest=latest)


def _state(rule, answer, latest, *, version) -> str:
    if latest is None:
        return NOT_SENT
    if answer is None:
        return WAITING if latest.version == version else SEND_AGAIN
    holds_whatever_changes = (
        answer.decision == Clearance.Decision.CLEARED and not rule.again_after_change
    )
    if answer.request_id != latest.pk:  # sent again since the answer
        if holds_whatever_changes:
            return CLEARED
        return WAITING if latest.version == version else SEND_AGAIN
    if answer.decision == Clearance.Decision.RETURNED:
        return RETURNED
    return CLEARED if latest.version == version or holds_whatever_changes else SEND_AGAIN


def who(statuses) -> str:
    """ "Finance (Fiona Marsh) and Legal (Leon Grant)" """
    names = [f"{s.rule.title} ({s.rule.clearer})" for s in statuses]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def refuse_unless_cleared(report: Report) -> None:
    """Raise NotCleared, naming who is still to clear, unless every clearance the
    committee asks for holds for the report's current version."""
    status = clearance_status(report)
    if not status.cleared:
        raise NotCleared(NOT_CLEARED.format(who=who(status.outstanding)))


@transaction.atomic
def clearance_send(*, report: Report, version: int, by, at=None) -> ClearanceRequest:
    """Send the draft as it is at `version` for clearance (StaleEdit if it has
    changed meanwhile): store it as the clearers will read it."""
    report = (
        Report.objects.select_for_update().select_related("meeting__committee").get(pk=report.pk)
    )
    publishing.refuse_unless_draft_at(report, version)
    committee = report.meeting.committee
    if not committee.clearance_rules.exists():
        raise ValidationError(NO_RULES.format(committee=committee))
    assembled = assemble(report)
    # A Part II report has no public version at all; a Part I one, without its exempt parts.
    if report.exempt:
        public = ""
    elif assembled.has_exempt_parts:
        public = publishing.report_html(assembled.without_exempt_parts())
    else:
        public = publishing.report_html(assembled)
    return ClearanceRequest.objects.create(
        report=report,
        version=version,
        as_at=report.cut_off,
        sent_by=by,
        sent_at=at or timezone.now(),
        html=public,
        restricted_html=publishing.report_html(assembled)
        if report.exempt or assembled.has_exempt_parts
        else "",
        text=draft_text(report),
    )


def rules_of(user, request: ClearanceRequest):
    """The rules of the request's committee that `user` clears."""
    return ClearanceRule.objects.filter(
        committee=request.report.meeting.committee_id, clearer=user
    ).order_by("order", "title")


def clearance_answer(
    *, request: ClearanceRequest, rule: ClearanceRule, by, decision: str, comment: str, at=None
) -> Clearance:
    """Record `by`'s answer for `rule` to the draft sent in `request`: cleared, or
    returned with a comment. Only the rule's clearer answers, once, and only the
    latest version sent of a report that is still a draft."""
    if rule.clearer_id != by.pk or rule.committee_id != request.report.meeting.committee_id:
        raise PermissionDenied(NOT_THE_CLEARER.format(clearer=rule.clearer, title=rule.title))
    comment = comment.strip()
    if decision == Clearance.Decision.RETURNED and not comment:
        raise ValidationError({"comment": RETURN_NEEDS_COMMENT})
    try:
        with transaction.atomic():
            # Lock the report: a newer version sent, or publishing, waits for this answer.
            report = Report.objects.select_for_update().get(pk=request.report_id)
            if report.state != Report.State.DRAFT:
                raise ValidationError(NOT_A_DRAFT)
            if _requests(report).values_list("pk", flat=True).first() != request.pk:
                raise ValidationError(SUPERSEDED)
            return Clearance.objects.create(
                request=request,
                rule=rule,
                decision=decision,
                comment=comment,
                by=by,
                at=at or timezone.now(),
            )
    except IntegrityError:  # answered already, perhaps a moment ago in another tab
        raise ValidationError(ALREADY_ANSWERED) from None


@dataclass(frozen=True)
class ToClear:
    """A draft waiting for `user`'s answer for `rule`."""

    request: ClearanceRequest
    rule: ClearanceRule


def waiting_for(user) -> list[ToClear]:
    """The drafts sent for clearance that wait for `user`'s answer, oldest first."""
    waiting = []
    rules = ClearanceRule.objects.filter(clearer=user).values_list("committee", flat=True)
    drafts = Report.objects.filter(
        state=Report.State.DRAFT, meeting__committee__in=rules, clearance_requests__isnull=False
    ).distinct()
    for report in drafts:
        status = clearance_status(report)
        for rule_status in status.rules:
            if rule_status.rule.clearer_id == user.pk and rule_status.state == WAITING:
                waiting.append(ToClear(request=status.latest, rule=rule_status.rule))
    return sorted(waiting, key=lambda t: (t.request.sent_at, t.request.pk, t.rule.order))


def answered_by(user):
    """What `user` has answered, newest first."""
    return Clearance.objects.filter(by=user).select_related(
        "request__report__meeting__committee", "rule"
    )


def record(report: Report):
    """Every version of `report` sent for clearance, newest first, each with its
    answers: the record of who cleared or returned which version, and when."""
    return _requests(report).prefetch_related(
        Prefetch(
            "clearances",
            queryset=Clearance.objects.select_related("by", "rule").order_by("at", "pk"),
        )
    )


def changes_since_last_answer(
    request: ClearanceRequest, rule: ClearanceRule
) -> list[Change] | None:
    """What changed between the version the rule last answered and the one in `request`
    (None if it has answered no earlier version)."""
    earlier = (
        Clearance.objects.filter(
            rule=rule, request__report=request.report_id, request__pk__lt=request.pk
        )
        .select_related("request")
        .only("request__text")
        .first()
    )
    return changes(earlier.request.text, request.text) if earlier else None
