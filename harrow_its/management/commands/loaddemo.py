"""
`manage.py loaddemo [--scale N] [--council example]`: the demo, and, for
benchmarks, N times its volume; or, instead, a second, fictional council.

`--council example` loads Example Borough Council (harrow_its/example_council.py)
instead of Harrow: a fresh database holds one council's demo, never both, so the
same demo usernames serve each and no page mixes the two. It is refused where
Harrow's demo is loaded, and Harrow's where the example is.

`--scale N` adds N - 1 synthetic copies of the demo's departments, capital
projects (with their status updates, money, milestones and milestone revisions),
improvement-plan actions (with their progress notes), performance indicators
(with their targets, results and own tolerance rules) and BVPI 157 services
(with their inventory entries). The demo itself is never changed: a copy is made
from its rows as they stand, row for row, with the same days and recording
times, so that every report as at its cut-off reads the copies just as it reads
the demo. Copy k is labelled so no one takes it for Harrow's facts: its
departments are "Business Connections (synthetic k)" (slug
"synthetic-k-business-connections"), its projects "… (synthetic k)" with codes
such as "BTP-MVM-S7", its actions "1.1-S7", its indicators "SLA-01-S7". Money
differs from copy to copy (80% to 120% of the demo's), to give totals something
to add up.

Copies already in the database are counted by their departments' slugs, so the
command only ever adds the missing ones: `--scale 10` twice leaves ten times the demo, and
`--scale 100` afterwards adds 90 copies. It removes none (status rows cannot be
deleted: they are history).
"""

import re
import time
from decimal import Decimal

import pghistory
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import QuerySet

from bvpi import demo as bvpi_demo
from bvpi.models import InventoryEntry, Service
from harrow_its import demo, example_council
from harrow_its.models import Department
from harrow_its.reference import ensure_reference_data
from indicators import demo as indicators_demo
from indicators.models import Indicator, Measurement, Target, ToleranceRule
from projects import demo as projects_demo
from projects.models import (
    Action,
    ActionUpdate,
    Milestone,
    MilestoneRevision,
    Project,
    ProjectFinance,
    ProjectUpdate,
)
from reports import demo as reports_demo
from reports.models import Report

MAX_SCALE = 10_000  # copies up to 9,999: action references ("1.1-S9999") fit their field
SCALE_ERROR = f"--scale must be a whole number from 1 (the demo alone) to {MAX_SCALE:,}."
HARROW_IS_LOADED = (
    "This database holds Harrow's demo: the example council loads instead of it, into a "
    "fresh database (migrate one, then run loaddemo --council example)."
)
EXAMPLE_IS_LOADED = (
    "This database holds the example council's demo: Harrow's loads instead of it, into a "
    "fresh database (migrate one, then run loaddemo)."
)
EXAMPLE_NOT_SCALED = "--scale is for Harrow's demo only, not --council example."
COUNCILS = ["harrow", "example"]
SYNTHETIC_SLUG = re.compile(r"^synthetic-(\d+)-")
BATCH_SIZE = 2_000


def synthetic_copies() -> set[int]:
    """The numbers of the synthetic copies in the database, read from their departments."""
    slugs = Department.objects.filter(slug__startswith="synthetic-").values_list("slug", flat=True)
    return {int(match[1]) for slug in slugs if (match := SYNTHETIC_SLUG.match(slug))}


def _synthetic(text: str, copy: int) -> str:
    return f"{text} (synthetic {copy})"


def _money_factor(copy: int) -> Decimal:
    """Copy k's money as a share of the demo's: 0.80 to 1.20, the same each run."""
    return Decimal(80 + copy * 7 % 41) / 100


def _clone(row, **changes):
    """A new, unsaved row with `row`'s fields, but not its key, and `changes` (by attname)."""
    fields = type(row)._meta.concrete_fields
    values = {f.attname: getattr(row, f.attname) for f in fields if not f.primary_key}
    return type(row)(**(values | changes))


def _create(model, rows, *, refers_to: str = "") -> dict:
    """Save `rows`, (copy, demo row, new row) triples, in bulk; {(copy, demo pk): new row}.

    A row naming another of its own kind in its `refers_to` field (a correction,
    a restatement) is saved after that one, pointing to that one's copy.
    """
    made, pending = {}, rows
    while pending:
        ready, waiting = [], []
        for copy, source, new in pending:
            target = getattr(source, refers_to) if refers_to else None
            if target is None:
                ready.append((copy, source, new))
            elif (copy, target) in made:
                setattr(new, refers_to, made[copy, target].pk)
                ready.append((copy, source, new))
            else:
                waiting.append((copy, source, new))
        if not ready:  # the demo row it names is not one being copied
            raise CommandError(f"Cannot copy {model._meta.verbose_name_plural}: {waiting[0][1]}")
        model.objects.bulk_create([new for _, _, new in ready], batch_size=BATCH_SIZE)
        made |= {(copy, source.pk): new for copy, source, new in ready}
        pending = waiting
    return made


def build_copies(copies: list[int]) -> dict:
    """Add the synthetic copies numbered `copies` of the demo; {model: rows added}."""
    added = {}

    def create(model, rows, make, **kwargs):
        """Copy `rows` (a query, or a list) for each copy, copy by copy: make(copy, row)."""
        rows = list(rows.order_by("pk")) if isinstance(rows, QuerySet) else rows
        made = _create(model, [(k, row, make(k, row)) for k in copies for row in rows], **kwargs)
        added[model] = len(made)
        return made

    def pk(made, copy, demo_pk):
        """The copy's counterpart of a demo row (itself, if it was not copied)."""
        new = made.get((copy, demo_pk))
        return new.pk if new else demo_pk

    departments = Department.objects.filter(slug__in=[slug for _, slug in demo.DEPARTMENTS])
    department = create(
        Department,
        departments,
        lambda k, d: _clone(d, name=_synthetic(d.name, k), slug=f"synthetic-{k}-{d.slug}"),
    )

    projects = Project.objects.filter(code__in=[p["code"] for p in projects_demo.PROJECTS])
    project = create(
        Project,
        projects,
        lambda k, p: _clone(
            p,
            code=f"{p.code}-S{k}",
            name=_synthetic(p.name, k),
            department_id=pk(department, k, p.department_id),
            version=1,
        ),
    )
    create(
        ProjectUpdate,
        ProjectUpdate.objects.filter(project__in=projects),
        lambda k, u: _clone(u, project_id=project[k, u.project_id].pk),
        refers_to="corrects_id",
    )
    create(
        ProjectFinance,
        ProjectFinance.objects.filter(project__in=projects),
        lambda k, f: _clone(
            f,
            project_id=project[k, f.project_id].pk,
            **{
                name: (getattr(f, name) * _money_factor(k)).quantize(Decimal(1))
                for name in ("approved_budget", "spend_to_date", "forecast_outturn")
            },
        ),
    )
    milestones = Milestone.objects.filter(project__in=projects)
    milestone = create(
        Milestone, milestones, lambda k, m: _clone(m, project_id=project[k, m.project_id].pk)
    )
    create(
        MilestoneRevision,
        MilestoneRevision.objects.filter(milestone__in=milestones),
        lambda k, r: _clone(
            r,
            milestone_id=milestone[k, r.milestone_id].pk,
            project_id=project[k, r.project_id].pk,
        ),
    )

    # The copies' actions belong to the demo's plan and areas: the report shows that plan.
    actions = Action.objects.filter(
        area__plan__name=projects_demo.PLAN["name"],
        reference__in=[reference for _, reference, *_ in projects_demo.ACTIONS],
    )
    action = create(
        Action,
        actions,
        lambda k, a: _clone(
            a,
            reference=f"{a.reference}-S{k}",
            title=_synthetic(a.title, k),
            department_id=pk(department, k, a.department_id),
            version=1,
        ),
    )
    create(
        ActionUpdate,
        ActionUpdate.objects.filter(action__in=actions),
        lambda k, u: _clone(u, action_id=action[k, u.action_id].pk),
    )

    indicators = Indicator.objects.filter(code__in=[i[0] for i in indicators_demo.INDICATORS])
    indicator = create(
        Indicator,
        indicators,
        lambda k, i: _clone(
            i,
            code=f"{i.code}-S{k}",
            title=_synthetic(i.title, k),
            department_id=pk(department, k, i.department_id),
        ),
    )

    def of_indicator(k, row):
        return _clone(row, indicator_id=indicator[k, row.indicator_id].pk)

    create(Target, Target.objects.filter(indicator__in=indicators), of_indicator)
    create(
        Measurement,
        Measurement.objects.filter(indicator__in=indicators),
        of_indicator,
        refers_to="restates_id",
    )
    # An indicator's own rules are copied; the council's defaults serve every copy as they are.
    create(ToleranceRule, ToleranceRule.objects.filter(indicator__in=indicators), of_indicator)

    demo_services = {(slug, name) for slug, name, _ in bvpi_demo.SERVICES}
    services = [
        s
        for s in Service.objects.filter(department__in=departments)
        .select_related("department")
        .order_by("pk")
        if (s.department.slug, s.name) in demo_services
    ]
    service = create(
        Service,
        services,
        lambda k, s: _clone(
            s, name=_synthetic(s.name, k), department_id=pk(department, k, s.department_id)
        ),
    )
    create(
        InventoryEntry,
        InventoryEntry.objects.filter(service__in=services),
        lambda k, e: _clone(e, service_id=service[k, e.service_id].pk),
    )
    return added


def _counted(added: dict) -> str:
    return ", ".join(
        f"{n:,} {model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural}"
        for model, n in added.items()
    )


def _copies_text(copies) -> str:
    copies = sorted(copies)
    if len(copies) == 1:
        return f"copy {copies[0]:,}"
    if copies == list(range(copies[0], copies[-1] + 1)):
        return f"copies {copies[0]:,} to {copies[-1]:,}"
    return "copies " + ", ".join(f"{k:,}" for k in copies)


class Command(BaseCommand):
    help = (
        "Load the demo: Harrow's IT Services Update Report of 22 November 2005 and the data "
        f"behind it, and the demo accounts (password {demo.DEMO_PASSWORD}). Facts the report "
        "does not give are illustrative and marked so. Running it again changes nothing. "
        "With --scale N, add synthetic copies of the demo's data until the database holds N "
        "times its volume, for benchmarks."
    )

    # Each app's demo loader, in the order their data depends on each other.
    loaders = [
        demo.load,
        projects_demo.load,
        indicators_demo.load,
        bvpi_demo.load,
        reports_demo.load,
    ]

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help=(
                "Hold N times the demo's departments, projects, actions, indicators and "
                "services: the demo and N - 1 synthetic copies, each clearly labelled "
                "(default 1: the demo alone). Only missing copies are added."
            ),
        )
        parser.add_argument(
            "--council",
            choices=COUNCILS,
            default="harrow",
            help=(
                "Which council's demo: harrow (default), or example, a fictional council "
                "loaded instead of Harrow's, into a database without it."
            ),
        )

    def handle(self, *args, scale=1, council="harrow", **options):
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(SCALE_ERROR)
        if council == "example":
            self.load_example(scale)
            return
        if example_council.is_loaded():
            raise CommandError(EXAMPLE_IS_LOADED)
        started = time.perf_counter()
        with transaction.atomic():
            ensure_reference_data()
            for load in self.loaders:
                load()
            existing = synthetic_copies()
            missing = [k for k in range(1, scale) if k not in existing]
            if missing:
                copying = time.perf_counter()
                with pghistory.context(source="loaddemo", scale=scale):
                    added = build_copies(missing)
                copying = time.perf_counter() - copying
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if scale == 1 and not existing:
            return
        seconds = time.perf_counter() - started
        held = len(existing | set(missing))
        if missing:
            already = ""
            if existing:
                verb = "was" if len(existing) == 1 else "were"
                already = f"; {_copies_text(existing)} {verb} already there"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Scaled the demo to {held + 1:,}×: added synthetic {_copies_text(missing)} "
                    f"({_counted(added)}){already}. Copies made in {copying:.1f} s; "
                    f"{seconds:.1f} s in all."
                )
            )
        else:
            self.stdout.write(
                f"The database already holds the demo {held + 1:,}× ({held:,} synthetic "
                f"{'copy' if held == 1 else 'copies'}): nothing to add"
                f"{'' if held + 1 == scale else '; --scale removes none'}. {seconds:.1f} s in all."
            )

    def load_example(self, scale: int) -> None:
        if scale != 1:
            raise CommandError(EXAMPLE_NOT_SCALED)
        if Report.objects.filter(series=reports_demo.SERIES).exists():
            raise CommandError(HARROW_IS_LOADED)
        with transaction.atomic():
            ensure_reference_data()
            example_council.load()
        self.stdout.write(self.style.SUCCESS("Example council demo data loaded."))
