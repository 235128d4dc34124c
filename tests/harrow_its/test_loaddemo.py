import re
from decimal import Decimal
from io import StringIO

import pghistory.models
import pytest
from django.contrib.auth import authenticate
from django.core import serializers
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.demo import DEMO_PASSWORD
from harrow_its.management.commands.loaddemo import SCALE_ERROR
from harrow_its.models import Department, Role, User
from indicators.models import Indicator, Measurement, Target, ToleranceRule
from projects.models import (
    Action,
    ActionUpdate,
    ImprovementPlan,
    Milestone,
    MilestoneRevision,
    PlanArea,
    Programme,
    Project,
    ProjectFinance,
    ProjectUpdate,
)
from reports.assembly import assemble
from reports.models import Appendix, Report

pytestmark = pytest.mark.django_db


SNAPSHOT_MODELS = [
    Department,
    User,
    Project,
    ProjectUpdate,
    ProjectFinance,
    Milestone,
    MilestoneRevision,
    Action,
    ActionUpdate,
    Indicator,
    Target,
    Measurement,
    ToleranceRule,
    Service,
    InventoryEntry,
]


def snapshot(format="json"):
    """Every row loaddemo writes, serialised."""
    return serializers.serialize(
        format, [row for model in SNAPSHOT_MODELS for row in model.objects.order_by("pk")]
    )


def rows():
    """Every row loaddemo writes: {(model, pk): its fields}."""
    return {(row["model"], row["pk"]): row["fields"] for row in snapshot("python")}


# What --scale multiplies, and what it leaves as the demo has it.
SCALED = [
    Department,
    Project,
    ProjectUpdate,
    ProjectFinance,
    Milestone,
    MilestoneRevision,
    Action,
    ActionUpdate,
    Indicator,
    Target,
    Measurement,
    Service,
    InventoryEntry,
]
NOT_SCALED = [User, Programme, ImprovementPlan, PlanArea, InteractionType, Report]


def counts(models):
    return {model.__name__: model.objects.count() for model in models}


def scale_to(scale) -> str:
    """Run `loaddemo --scale`; what it printed."""
    out = StringIO()
    call_command("loaddemo", scale=scale, stdout=out)
    return out.getvalue()


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
        "finance": {Role.CLEARER},
        "legal": {Role.CLEARER},
        "democratic": {Role.DEMOCRATIC_SERVICES},
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


def test_loaddemo_scale_3_holds_three_times_the_demo():
    """Three times the demo's rows of every scaled model, each copy labelled and valid.

    The exception: tolerance rules. Only an indicator's own rules are copied with
    it; the council's two default rules apply to every indicator, copies included,
    so there are still two of them.
    """
    call_command("loaddemo", stdout=None)
    demo, unscaled = counts(SCALED), counts(NOT_SCALED)
    own_rules = ToleranceRule.objects.filter(indicator__isnull=False).count()
    out = scale_to(3)
    assert counts(SCALED) == {name: 3 * n for name, n in demo.items()}
    assert counts(NOT_SCALED) == unscaled
    assert ToleranceRule.objects.filter(indicator__isnull=True).count() == 2
    assert ToleranceRule.objects.filter(indicator__isnull=False).count() == 3 * own_rules
    assert re.fullmatch(
        r"Demo data loaded.\nScaled the demo to 3×: added synthetic copies 1 to 2 "
        rf"\({2 * demo['Department']} departments, {2 * demo['Project']} projects, "
        rf"{2 * demo['ProjectUpdate']} project updates, .*, "
        rf"{2 * demo['InventoryEntry']:,} inventory entries\)\. "
        r"Copies made in \d+\.\d s; \d+\.\d s in all\.\n",
        out,
    )
    assert list(
        Department.objects.filter(slug__startswith="synthetic-1-").values_list("slug", "name")
    ) == [
        ("synthetic-1-business-connections", "Business Connections (synthetic 1)"),
        ("synthetic-1-chief-executives", "Chief Executive's Department (synthetic 1)"),
        ("synthetic-1-organisational-development", "Organisational Development (synthetic 1)"),
        ("synthetic-1-people-first", "People First (synthetic 1)"),
        ("synthetic-1-urban-living", "Urban Living (synthetic 1)"),
    ]
    project = Project.objects.get(code="BTP-MVM-S2")
    assert project.name == "Public Realm systems replacement (MVM) (synthetic 2)"
    assert project.department.name == "Urban Living (synthetic 2)"
    assert Action.objects.get(reference="1.1-S2").title == (
        "Restructure Harrow IT Services (synthetic 2)"
    )
    assert Indicator.objects.get(code="SLA-01-S2").title == (
        "Calls resolved at first contact (synthetic 2)"
    )
    # Every row of a copy passes its model's validation, as a form would check it.
    copy = [
        *Department.objects.filter(slug__startswith="synthetic-1-"),
        *Project.objects.filter(code__endswith="-S1"),
        *ProjectUpdate.objects.filter(project__code__endswith="-S1"),
        *ProjectFinance.objects.filter(project__code__endswith="-S1"),
        *Milestone.objects.filter(project__code__endswith="-S1"),
        *MilestoneRevision.objects.filter(project__code__endswith="-S1"),
        *Action.objects.filter(reference__endswith="-S1"),
        *ActionUpdate.objects.filter(action__reference__endswith="-S1"),
        *Indicator.objects.filter(code__endswith="-S1"),
        *Target.objects.filter(indicator__code__endswith="-S1"),
        *Measurement.objects.filter(indicator__code__endswith="-S1"),
        *ToleranceRule.objects.filter(indicator__code__endswith="-S1"),
        *Service.objects.filter(department__slug__startswith="synthetic-1-"),
        *InventoryEntry.objects.filter(service__department__slug__startswith="synthetic-1-"),
    ]
    assert len(copy) == sum(demo.values()) + own_rules
    for row in copy:
        row.full_clean()


def test_loaddemo_scale_twice_changes_nothing():
    scale_to(3)
    first = snapshot()
    events = pghistory.models.Events.objects.count()
    assert re.fullmatch(
        r"Demo data loaded.\nThe database already holds the demo 3× \(2 synthetic copies\): "
        r"nothing to add\. \d+\.\d s in all\.\n",
        scale_to(3),
    )
    assert snapshot() == first
    assert pghistory.models.Events.objects.count() == events  # not even an audit entry


def test_loaddemo_scale_up_adds_only_the_missing_copy():
    """From twice the demo to three times, copy 2 is added and copy 1 left as it was."""
    scale_to(2)
    before = rows()
    twice = counts(SCALED)
    out = scale_to(3)
    assert "added synthetic copy 2 (5 departments, " in out
    assert "; copy 1 was already there. Copies made in " in out
    assert counts(SCALED) == {name: n * 3 // 2 for name, n in twice.items()}
    assert sorted(
        Department.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True)
    ) == [
        f"synthetic-{k}-{slug}"
        for k in (1, 2)
        for slug in (
            "business-connections",
            "chief-executives",
            "organisational-development",
            "people-first",
            "urban-living",
        )
    ]
    after = rows()
    assert {key: after[key] for key in before} == before  # the demo and copy 1 unchanged


def test_loaddemo_scale_grows_the_november_report_as_at_its_cut_off():
    """The November 2005 report, assembled as at its cut-off, shows every copy's rows as
    it shows the demo's: its appendices hold three times the rows at --scale 3."""
    call_command("loaddemo", stdout=None)
    november = Report.objects.get(
        meeting__date="2005-11-22", series="harrow-it-services-update", supersedes=None
    )
    demo = {a.kind: a.content for a in assemble(november).appendices}
    scale_to(3)
    scaled = {a.kind: a.content for a in assemble(november).appendices}

    projects = scaled[Appendix.Kind.CAPITAL_PROJECTS]
    demo_codes = [row.code for row in demo[Appendix.Kind.CAPITAL_PROJECTS].projects]
    assert sorted(row.code for row in projects.projects) == sorted(
        code + suffix for code in demo_codes for suffix in ("", "-S1", "-S2")
    )
    rows = {row.code: row for row in projects.projects}
    mvm, copy = rows["BTP-MVM"], rows["BTP-MVM-S1"]
    assert (copy.name, copy.department) == (
        "Public Realm systems replacement (MVM) (synthetic 1)",
        "Urban Living (synthetic 1)",
    )
    assert (copy.rag, copy.period, copy.progress, copy.milestones) == (
        mvm.rag,
        mvm.period,
        mvm.progress,
        mvm.milestones,
    )
    assert (copy.budget, copy.spend, copy.forecast) == (
        Decimal(334950),  # copy 1's money is 87% of the demo's
        Decimal(262218),
        Decimal(340170),
    )
    assert projects.total_budget == Decimal(7306000)  # £2.6m, and 87% and 94% of it

    plan = scaled[Appendix.Kind.IMPROVEMENT_PLAN]
    assert [len(area.actions) for area in plan.areas] == [
        3 * len(area.actions) for area in demo[Appendix.Kind.IMPROVEMENT_PLAN].areas
    ]
    assert [a.reference for a in plan.areas[1].actions] == [
        "2.1",
        "2.1-S1",
        "2.1-S2",
        "2.2",
        "2.2-S1",
        "2.2-S2",
    ]

    indicators, demo_indicators = (
        scaled[Appendix.Kind.PERFORMANCE_INDICATORS],
        demo[Appendix.Kind.PERFORMANCE_INDICATORS],
    )
    assert len(indicators.indicators) == 3 * len(demo_indicators.indicators)
    assert (indicators.green, indicators.amber, indicators.red) == (
        3 * demo_indicators.green,
        3 * demo_indicators.amber,
        3 * demo_indicators.red,
    )

    bvpi, demo_bvpi = scaled[Appendix.Kind.BVPI_157], demo[Appendix.Kind.BVPI_157]
    assert (bvpi.council.enabled, bvpi.council.permissible) == (
        3 * demo_bvpi.council.enabled,
        3 * demo_bvpi.council.permissible,
    )
    assert bvpi.council.percent == demo_bvpi.council.percent
    assert len(bvpi.departments) == 3 * len(demo_bvpi.departments)
    assert ("Urban Living (synthetic 2)", dict(demo_bvpi.departments)["Urban Living"]) in (
        bvpi.departments
    )

    changes, demo_changes = scaled[Appendix.Kind.CHANGES], demo[Appendix.Kind.CHANGES]
    for name in ("projects", "milestones", "forecasts", "actions", "indicators", "restatements"):
        assert len(getattr(changes, name)) == 3 * len(getattr(demo_changes, name)), name


def test_loaddemo_scale_must_be_at_least_1():
    with pytest.raises(CommandError, match=re.escape(SCALE_ERROR)):
        call_command("loaddemo", scale=0, stdout=None)
    assert not Department.objects.exists()  # refused before loading anything
