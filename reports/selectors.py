"""Who may read which reports (see the design's table of roles)."""

from django.db.models import QuerySet

from harrow_its.models import Role
from reports.models import Report


def can_read_exempt(user) -> bool:
    """Part II reaches report authors, committee members and administrators only."""
    return user.is_authenticated and user.has_role(Role.AUTHOR, Role.MEMBER)


def can_read_drafts(user) -> bool:
    return user.is_authenticated and user.has_role(Role.OFFICER, Role.AUTHOR)


def reports_visible_to(user) -> QuerySet[Report]:
    """The reports `user` may open: the public, published Part I reports only."""
    reports = Report.objects.select_related("meeting__committee")
    if not can_read_drafts(user):
        reports = reports.filter(state=Report.State.PUBLISHED)
    if not can_read_exempt(user):
        reports = reports.filter(exempt=False)
    return reports


def report_list(user) -> QuerySet[Report]:
    return reports_visible_to(user).order_by("-meeting__date", "subject")
