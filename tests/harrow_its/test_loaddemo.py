import pghistory.models
import pytest
from django.contrib.auth import authenticate
from django.core import serializers
from django.core.management import call_command
from django.test import RequestFactory

from harrow_its.demo import DEMO_PASSWORD
from harrow_its.models import Department, Role, User
from projects.models import (
    Action,
    ActionUpdate,
    Milestone,
    MilestoneRevision,
    Project,
    ProjectFinance,
    ProjectUpdate,
)

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row loaddemo writes, serialised."""
    return serializers.serialize(
        "json",
        [
            *Department.objects.order_by("pk"),
            *User.objects.order_by("pk"),
            *Project.objects.order_by("pk"),
            *ProjectUpdate.objects.order_by("pk"),
            *ProjectFinance.objects.order_by("pk"),
            *Milestone.objects.order_by("pk"),
            *MilestoneRevision.objects.order_by("pk"),
            *Action.objects.order_by("pk"),
            *ActionUpdate.objects.order_by("pk"),
        ],
    )


def test_loaddemo_creates_departments_and_accounts():
    call_command("loaddemo", stdout=None)
    assert list(Department.objects.values_list("name", flat=True)) == [
        "Business Connections",
        "Chief Executive's Department",
        "Organisational Development",
        "People First",
        "Urban Living",
    ]
    roles = {user.username: user.roles for user in User.objects.all()}
    assert roles == {
        "officer": {Role.OFFICER},
        "author": {Role.AUTHOR},
        "member": {Role.MEMBER},
        "admin": set(Role),
        "priya.shah": {Role.OFFICER},
        "karen.doyle": {Role.OFFICER},
    }
    assert not User.objects.get(username="priya.shah").has_usable_password()
    assert User.objects.get(username="admin").is_superuser
    officer = User.objects.get(username="officer")
    assert [d.name for d in officer.departments.all()] == ["Business Connections"]


@pytest.mark.parametrize("username", ["officer", "author", "member", "admin"])
def test_demo_accounts_sign_in_with_the_demo_password(username):
    call_command("loaddemo", stdout=None)
    request = RequestFactory().post("/sign-in/")
    assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None


def test_loaddemo_twice_changes_nothing():
    call_command("loaddemo", stdout=None)
    first = snapshot()
    events = pghistory.models.Events.objects.count()
    call_command("loaddemo", stdout=None)
    assert snapshot() == first
    assert pghistory.models.Events.objects.count() == events  # not even an audit entry


def test_loaddemo_repairs_a_changed_demo_account():
    """A demo account whose password or role was changed is put back."""
    call_command("loaddemo", stdout=None)
    officer = User.objects.get(username="officer")
    officer.set_password("something-else-entirely")
    officer.save()
    officer.groups.clear()
    call_command("loaddemo", stdout=None)
    officer = User.objects.get(username="officer")
    assert officer.check_password(DEMO_PASSWORD)
    assert officer.roles == {Role.OFFICER}
