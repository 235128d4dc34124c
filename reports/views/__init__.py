"""
Committee reports' pages: reading them (reading.py), composing, publishing and
correcting them (composing.py), and meetings with their agenda packs (meetings.py).
"""

from django.utils import timezone
from django.views.decorators.cache import patch_cache_control

from harrow_its import audit
from reports.models import PapersDeadline


def private(response, exempt_content: bool, *, request, what: str):
    """A response carrying exempt (Part II) content is never cached, and its reading
    goes in the security log: `what` says what was read, as "report=3 pdf"."""
    if exempt_content:
        patch_cache_control(response, no_store=True, private=True)
        audit.part_two_read(request, what)
    return response


def deadline_of(report) -> PapersDeadline:
    """Where the report's meeting stands against its papers deadline today."""
    return report.meeting.deadline_on(timezone.localdate())
