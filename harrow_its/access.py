"""
Who may open which page: every view declares an access policy.

A view is wrapped with `access(POLICY)`; AccessPolicyMiddleware enforces the policy
before the view runs, and refuses any view that declares none, so a route added
without thought is closed rather than open. tests/harrow_its/test_access.py walks
the URL configuration and fails for any route without a policy.

Policies decide on the role alone. The rules about particular objects are here
too, on top of the policies: an officer changes only their own department's
projects (`may_update`); drafts reach STAFF only and Part II reports
PART_TWO_READERS only (`reports_readable_by`).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed

from harrow_its import audit
from harrow_its.models import Department, Role


@dataclass(frozen=True)
class Policy:
    name: str
    description: str  # who may, in words shown on the "Access denied" page
    allows: Callable[[object], bool]

    def __str__(self):
        return self.name


PUBLIC = Policy("public", "Anyone, signed in or not.", lambda user: True)
SIGNED_IN = Policy("signed in", "Anyone signed in.", lambda user: user.is_authenticated)
STAFF = Policy(
    "officers and authors",
    "Officers, report authors and administrators.",
    lambda user: user.is_authenticated and user.has_role(Role.OFFICER, Role.AUTHOR),
)
AUTHORS = Policy(
    "authors",
    "Report authors and administrators.",
    lambda user: user.is_authenticated and user.has_role(Role.AUTHOR),
)

DEMOCRATIC_SERVICES = Policy(
    "Democratic Services",
    "Democratic Services and administrators.",
    lambda user: user.is_authenticated and user.has_role(Role.DEMOCRATIC_SERVICES),
)
# Agenda packs are built by the report's authors or by Democratic Services.
PACK_BUILDERS = Policy(
    "authors and Democratic Services",
    "Report authors, Democratic Services and administrators.",
    lambda user: user.is_authenticated and user.has_role(Role.AUTHOR, Role.DEMOCRATIC_SERVICES),
)
# Clearers read only the drafts sent to them (reports/clearance.py), nothing else unpublished.
CLEARERS = Policy(
    "clearers",
    "The people who clear reports before publication, and administrators.",
    lambda user: user.is_authenticated and user.has_role(Role.CLEARER),
)

# Part II (exempt under Schedule 12A) reaches these only; and drafts reach STAFF only.
# Democratic Services prepare the exempt items of an agenda, so they read them too.
PART_TWO_READERS = Policy(
    "Part II readers",
    "Report authors, committee members, Democratic Services and administrators.",
    lambda user: (
        user.is_authenticated and user.has_role(Role.AUTHOR, Role.MEMBER, Role.DEMOCRATIC_SERVICES)
    ),
)

# URL namespaces whose views enforce access themselves.
DELEGATED = {
    "admin": "The Django admin site lets in active staff accounts only (AdminSite.has_permission).",
}


READS = ("GET", "HEAD")


def access(policy: Policy, *, writes: bool = False, reads: bool = True):
    """Declare who may open a view, and which methods it answers: GET and HEAD if it
    `reads` (the default), POST if it `writes`; any other method is refused (405).
    `access(PUBLIC)(view)`, or as a decorator."""
    methods = (READS if reads else ()) + (("POST",) if writes else ())

    def decorate(view):
        view.access_policy = policy
        view.access_methods = methods
        return view

    return decorate


def policy_of(view) -> Policy | None:
    return getattr(view, "access_policy", None)


class AccessPolicyMiddleware:
    """Enforce each view's declared policy; refuse views that declare none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.namespaces[:1] in ([name] for name in DELEGATED):
            return None
        policy = policy_of(view_func)
        if policy is None:
            raise PermissionDenied("This page has no access policy, so nobody may open it.")
        methods = view_func.access_methods
        if request.method not in methods:
            return HttpResponseNotAllowed(methods)
        if policy.allows(request.user):
            return None
        audit.access_refused(request, f"policy {policy}")
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied(f"This page is open to: {policy.description}")

    def process_exception(self, request, exception):
        """Log a refusal a view makes itself (an officer and another department's work)."""
        if isinstance(exception, PermissionDenied):
            audit.access_refused(request, str(exception) or "refused by the view")


def may_update(user, department) -> bool:
    """Whether `user` may change the work of `department`.

    Officers change their own departments' work; report authors and administrators
    anyone's; committee members and the public nobody's.
    """
    if not user.is_authenticated:
        return False
    if user.has_role(Role.AUTHOR):
        return True
    return user.has_role(Role.OFFICER) and user.departments.filter(pk=department.pk).exists()


def departments_updatable_by(user):
    """The departments whose work `user` may change (`may_update`), as a queryset."""
    if user.is_authenticated and user.has_role(Role.AUTHOR):
        return Department.objects.all()
    if user.is_authenticated and user.has_role(Role.OFFICER):
        return user.departments.all()
    return Department.objects.none()


def require_update(user, department) -> None:
    """Raise PermissionDenied, saying who may, unless `user` may change `department`'s work."""
    if not may_update(user, department):
        raise PermissionDenied(
            f"Only officers of {department}, report authors and administrators may change this."
        )


def reports_readable_by(user) -> Q:
    """Which reports `user` may read, as a filter on reports: drafts only if they are
    STAFF, Part II ones only if they are PART_TWO_READERS; so the public reads the
    published Part I reports only."""
    readable = Q()
    if not STAFF.allows(user):
        readable &= Q(state="published")
    if not PART_TWO_READERS.allows(user):
        readable &= Q(exempt=False)
    return readable
