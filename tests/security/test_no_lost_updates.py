"""
No lost updates: for every kind of record people edit, two people saving the same
record at once, on two real database connections, never silently overwrite each
other: the first save wins, the second is refused (and is shown the first).
"""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.utils import timezone

from bvpi import services as bvpi_services
from bvpi.models import InteractionType, InventoryEntry, Service
from harrow_its.concurrency import StaleEdit
from harrow_its.models import User
from indicators import services as indicator_services
from indicators.models import Indicator, Measurement
from projects import services as project_services
from projects.models import Action, ActionStatus, ActionUpdate, Project, ProjectFinance
from reports import services as report_services
from reports.models import Paragraph, Report


def race(first, second, refused) -> dict:
    """Run `first` in a transaction on one connection and, while it holds its locks,
    `second` on another; then let the first commit. Returns what became of each."""
    outcome, claimed, release = {}, threading.Event(), threading.Event()

    def one():
        try:
            with transaction.atomic():
                first()
                claimed.set()
                release.wait(10)  # hold the locks while the second tries
            outcome["first"] = "saved"
        finally:
            connection.close()

    def two():
        claimed.wait(10)
        try:
            second()
            outcome["second"] = "saved"
        except refused:
            outcome["second"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for thread in threads:
        thread.start()
    claimed.wait(10)
    threading.Timer(0.5, release.set).start()
    for thread in threads:
        thread.join(20)
    return outcome


@pytest.fixture
def people(transactional_db, demo):
    return User.objects.get(username="officer"), User.objects.get(username="author")


def test_an_improvement_action(people):
    officer, author = people
    action = Action.objects.get(reference="1.1")
    seen = action.version

    def note(by, text):
        return lambda: project_services.action_update_create(
            action=action, version=seen, recorded_by=by, status_date=timezone.localdate(),
            status=ActionStatus.IN_PROGRESS, note=text,
        )  # fmt: skip

    before = ActionUpdate.objects.filter(action=action).count()
    assert race(note(officer, "First"), note(author, "Second"), StaleEdit) == {
        "first": "saved",
        "second": "refused",
    }
    notes = ActionUpdate.objects.filter(action=action).order_by("-recorded_at")
    assert (notes.count(), notes[0].note) == (before + 1, "First")


def test_a_project_s_money(people):
    officer, author = people
    project = Project.objects.get(code="ICT-SAN")
    seen = project.version

    def money(by, forecast):
        return lambda: project_services.project_finance_record(
            project=project, version=seen, recorded_by=by, effective_on=timezone.localdate(),
            approved_budget=Decimal(450_000), spend_to_date=Decimal(300_000),
            forecast_outturn=Decimal(forecast),
        )  # fmt: skip

    assert race(money(officer, 460_000), money(author, 470_000), StaleEdit) == {
        "first": "saved",
        "second": "refused",
    }
    latest = ProjectFinance.objects.filter(project=project).order_by("-recorded_at").first()
    assert latest.forecast_outturn == Decimal(460_000)


def test_an_indicator_s_result(people):
    officer, author = people
    indicator = Indicator.objects.get(code="SLA-01")
    period = date(2005, 10, 1)
    seen = Measurement.objects.filter(indicator=indicator, period_start=period).latest(
        "recorded_at"
    )

    def result(by, value):
        entry = indicator_services.Entry(
            indicator=indicator, value=Decimal(value), commentary="", reason="Checked again.",
            based_on=seen.pk,
        )  # fmt: skip
        return lambda: indicator_services.results_record(
            entries=[entry], period_start=period, recorded_by=by
        )

    assert race(
        result(officer, "72.5"), result(author, "73.5"), indicator_services.StaleResults
    ) == {
        "first": "saved",
        "second": "refused",
    }
    latest = Measurement.objects.filter(indicator=indicator, period_start=period).latest(
        "recorded_at"
    )
    assert (latest.value, latest.restates_id) == (Decimal("72.5"), seen.pk)


def test_a_bvpi_157_cell(people):
    officer, author = people
    service = Service.objects.get(name="Leisure and Sports")
    paying = InteractionType.objects.get(number=8)
    seen = InventoryEntry.objects.filter(service=service, interaction_type=paying).latest(
        "recorded_at"
    )

    def cell(by, channel):
        values = {name: getattr(seen, name) for name in bvpi_services.CELL_FIELDS}
        values |= {"enabled_from": date(2005, 11, 1), "channel": channel, "evidence": "Live."}
        change = bvpi_services.Change(service, paying, values, based_on=seen.pk)
        return lambda: bvpi_services.cells_record(changes=[change], recorded_by=by)

    assert race(cell(officer, "web"), cell(author, "telephone"), bvpi_services.StaleCells) == {
        "first": "saved",
        "second": "refused",
    }
    latest = InventoryEntry.objects.filter(service=service, interaction_type=paying).latest(
        "recorded_at"
    )
    assert (latest.channel, latest.recorded_by) == ("web", officer)


def test_a_report_s_paragraph(people):
    november = Report.objects.get(series="harrow-it-services-update", meeting__date__month=11)
    draft = report_services.correction_start(report=november, reason="Race.")
    paragraph = Paragraph.objects.get(section__report=draft, number="2.1")
    seen = draft.version

    def edit(text):
        return lambda: report_services.paragraph_save(
            report=draft, version=seen, paragraph=paragraph, section=paragraph.section,
            number="2.1", heading="", body=f"<p>{text}</p>", exempt=False, exempt_paragraph="",
        )  # fmt: skip

    assert race(edit("First"), edit("Second"), StaleEdit) == {"first": "saved", "second": "refused"}
    paragraph.refresh_from_db()
    assert paragraph.body == "<p>First</p>"
