"""
Committee reports' pages: reading them (reading.py), composing, publishing and
correcting them (composing.py), and meetings with their agenda packs (meetings.py).
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.views.decorators.cache import patch_cache_control

from harrow_its import audit


def private(response, exempt_content: bool, *, request, what: str):
    """A response carrying exempt (Part II) content is never cached, and its reading
    goes in the security log: `what` says what was read, as "report=3 pdf"."""
    if exempt_content:
        patch_cache_control(response, no_store=True, private=True)
        audit.part_two_read(request, what)
    return response


@dataclass(frozen=True)
class Deadline:
    """A meeting's papers deadline (harrow_its/calendar.py), as a draft's pages show it:
    whether it has `passed`, and whether the meeting has been `held` since (then
    there is no urgency left to argue: the report is simply published after it)."""

    day: date
    passed: bool
    held: bool

    @property
    def asks_why(self) -> bool:
        """Publishing now makes the report late for a meeting still to come."""
        return self.passed and not self.held


def deadline_of(report) -> Deadline:
    today, meeting = timezone.localdate(), report.meeting
    return Deadline(
        day=meeting.papers_deadline,
        passed=today > meeting.papers_deadline,
        held=today > meeting.date,
    )
