"""The officers' pages, through HTTP: lists, exports, the project page and its forms."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.test import Client

from harrow_its.calendar import LONDON
from harrow_its.models import Department, Rag
from projects.forms import (
    ACTUAL_AFTER_UPDATE,
    BEFORE_PERIOD,
    FORECAST_IN_THE_PAST,
    PERIOD_UNKNOWN,
    REASON_NEEDED,
)
from projects.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Milestone,
    PlanArea,
    Programme,
    Project,
    ProjectFinance,
    ProjectUpdate,
)

pytestmark = pytest.mark.django_db

TODAY = date(2005, 11, 7)


@pytest.fixture(autouse=True)
def today(time_machine):
    """It is 10:00 on 7 November 2005, in Q3 2005/06."""
    time_machine.move_to(datetime(2005, 11, 7, 10, tzinfo=LONDON), tick=False)


def update_form(**changes):
    data = {
        "version": "1",
        "period": "Q3 2005/06",
        "status_date_day": "4",
        "status_date_month": "11",
        "status_date_year": "2005",
        "rag": "amber",
        "rag_reason": "Phase 1 slipped a month.",
        "phase": "Phase 1",
        "percent_complete": "60",
        "progress": "Nearly complete.",
        "achievements": "",
        "next_steps": "Phase 2 brought forward.",
        "commentary": "",
    }
    return data | changes


def errors_of(response):
    """The messages of the error summary, in order."""
    return [str(error) for error in response.context["form"].errors.values() for error in error]


class TestProjectList:
    def test_lists_projects_with_status_and_money(
        self, client, officer, project, add_update, add_finance
    ):
        add_update(project, date(2005, 11, 4), Rag.AMBER, rag_reason="Late")
        add_finance(project, date(2005, 11, 4), "450000", "284900", "450000")
        client.force_login(officer)
        page = client.get("/capital-projects/").content.decode()
        assert (
            '<a class="govuk-link" href="/capital-projects/ICT-SAN/">Storage Area Network</a>'
            in page
        )
        assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in page
        assert "£284,900" in page
        assert "1 project." in page

    def test_filters(self, client, officer, project, other_project, add_update):
        add_update(project, date(2005, 11, 4), Rag.RED, rag_reason="Late")
        client.force_login(officer)
        names = lambda response: [row.record.code for row in response.context["table"].rows]  # noqa: E731
        assert names(client.get("/capital-projects/")) == ["BTP-HOST", "ICT-SAN"]
        assert names(client.get(f"/capital-projects/?department={project.department_id}")) == [
            "ICT-SAN"
        ]
        assert names(client.get("/capital-projects/?rag=red")) == ["ICT-SAN"]
        assert names(client.get("/capital-projects/?rag=none")) == ["BTP-HOST"]
        assert names(client.get("/capital-projects/?q=host")) == ["BTP-HOST"]

    def test_sorting_by_a_column(self, client, officer, project, other_project):
        client.force_login(officer)
        response = client.get("/capital-projects/?sort=-name")
        assert [row.record.code for row in response.context["table"].rows] == [
            "ICT-SAN",
            "BTP-HOST",
        ]
        assert 'aria-sort="descending"' in response.content.decode()

    def test_csv_export_holds_what_is_filtered(
        self, client, officer, project, other_project, add_finance
    ):
        add_finance(project, date(2005, 11, 4), "450000", "284900.50", "450000")
        client.force_login(officer)
        response = client.get(f"/capital-projects/?department={project.department_id}&_export=csv")
        assert response["Content-Type"].startswith("text/csv")
        assert 'filename="capital-projects-as-at-2005-11-07.csv"' in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows == [
            [
                "Project",
                "Code",
                "Programme",
                "Department",
                "Project manager",
                "RAG",
                "Status date",
                "Approved budget",
                "Spend to date",
                "Forecast outturn",
            ],
            [
                "Storage Area Network",
                "ICT-SAN",
                "Infrastructure",
                "Urban Living",
                "Olu Adeyemi",
                "Not reported",
                "",
                "450000.00",
                "284900.50",
                "450000.00",
            ],
        ]

    def test_the_table_exports_keep_formulas_out(self, client, officer, project):
        project.name = "@SUM(1+1)*cmd|' /C calc'!A0"
        project.save()
        client.force_login(officer)
        response = client.get("/capital-projects/?_export=csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][0] == "'@SUM(1+1)*cmd|' /C calc'!A0"
        response = client.get("/capital-projects/?_export=xlsx")
        cell = openpyxl.load_workbook(io.BytesIO(response.content)).active["A2"]
        assert (cell.value, cell.data_type) == ("@SUM(1+1)*cmd|' /C calc'!A0", "s")

    def test_xlsx_export_opens_as_a_workbook(self, client, officer, project, other_project):
        client.force_login(officer)
        response = client.get("/capital-projects/?_export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        values = list(sheet.values)
        assert values[0][:3] == ("Project", "Code", "Programme")
        assert [row[1] for row in values[1:]] == ["BTP-HOST", "ICT-SAN"]

    @pytest.mark.parametrize(
        ("url", "queries"),
        [("/capital-projects/", 12), ("/capital-projects/?_export=csv", 11)],
    )
    def test_takes_the_same_queries_however_many_projects(
        self, client, officer, add_update, add_finance, django_assert_num_queries, url, queries
    ):
        """Each project of its own programme and department, with its status and money:
        the same queries for two projects as for thirty (two pages)."""
        client.force_login(officer)

        def add(n):
            for _ in range(n):
                number = Project.objects.count()
                project = Project.objects.create(
                    code=f"P-{number}",
                    name="P",
                    programme=Programme.objects.create(name=f"P{number}", slug=f"p{number}"),
                    department=Department.objects.create(name=f"D{number}", slug=f"d{number}"),
                    manager="M",
                    description="D",
                    registered_on=date(2005, 1, 1),
                )
                add_update(project, date(2005, 9, 30), Rag.AMBER)
                add_finance(project, date(2005, 9, 1), 100_000, 50_000, 110_000)

        add(2)
        client.get(url)  # warm the caches that load once a process
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
        add(28)
        with django_assert_num_queries(queries):
            page = client.get(url).content.decode()
        assert page.count("P-") >= 25  # a page of them, or all thirty

    def test_member_may_not_see_it(self, client, member):
        client.force_login(member)
        assert client.get("/capital-projects/").status_code == 403


class TestProjectPage:
    def test_shows_status_money_milestones_history_and_audit(
        self, client, officer, project, add_update, add_finance, milestone, add_revision
    ):
        add_update(
            project, date(2005, 9, 30), Rag.GREEN, period="Q2 2005/06", progress="Migrating."
        )
        add_update(
            project,
            date(2005, 11, 4),
            Rag.AMBER,
            rag_reason="A month late.",
            progress="Nearly there.",
        )
        add_finance(project, date(2005, 11, 4), "450000", "284900", "455000")
        add_revision(milestone, date(2005, 11, 4), forecast=date(2005, 11, 30))
        client.force_login(officer)
        page = client.get("/capital-projects/ICT-SAN/").content.decode()
        assert '<h2 class="govuk-heading-l">Status as at 7 November 2005</h2>' in page
        assert "A month late." in page
        assert "£5,000 over budget" in page
        assert "30 days late" in page
        assert page.index("Nearly there.") < page.index("Migrating.")  # newest first
        assert "Project update added" in page  # the audit history
        assert ">Add a status update</a>" in page

    def test_no_change_buttons_for_another_departments_officer(
        self, client, officer, other_project
    ):
        client.force_login(officer)
        page = client.get("/capital-projects/BTP-HOST/").content.decode()
        assert "Add a status update" not in page
        assert "Record money figures" not in page

    def test_unknown_project_is_not_found(self, client, officer):
        client.force_login(officer)
        assert client.get("/capital-projects/NOPE/").status_code == 404


class TestAddingAnUpdate:
    url = "/capital-projects/ICT-SAN/updates/new/"

    def test_the_form_offers_the_periods_since_the_project_began(self, client, officer, project):
        client.force_login(officer)
        form = client.get(self.url).context["form"]
        choices = [label for label, _ in form.fields["period"].choices]
        assert choices[:3] == ["", "Q3 2005/06", "Q2 2005/06"]
        assert choices[-1] == "Q3 2004/05"
        assert form.initial["status_date"] == TODAY

    def test_a_valid_update_is_saved_and_shown(self, client, officer, project):
        client.force_login(officer)
        response = client.post(self.url, update_form(), follow=True)
        assert response.redirect_chain == [("/capital-projects/ICT-SAN/", 302)]
        update = ProjectUpdate.objects.get()
        assert (update.rag, update.period, update.status_date, update.recorded_by) == (
            Rag.AMBER,
            "Q3 2005/06",
            date(2005, 11, 4),
            officer,
        )
        page = response.content.decode()
        assert "Status update added." in page
        assert "Phase 1 slipped a month." in page

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"period": "Q9 2005/06"}, PERIOD_UNKNOWN),
            ({"period": "Q1 2004/05"}, PERIOD_UNKNOWN),  # before the project existed
            ({"rag": "purple"}, "Select the RAG status"),
            ({"rag_reason": ""}, REASON_NEEDED),
            (
                {"percent_complete": "sixty"},
                "Enter the per cent complete as a whole number, like 60",
            ),
            ({"percent_complete": "101"}, "The per cent complete must be between 0 and 100"),
            ({"progress": ""}, "Enter the progress this period"),
            (
                {"progress": "x" * 5001},
                "The progress this period must be 5,000 characters or fewer",
            ),
            ({"phase": "x" * 121}, "The phase must be 120 characters or fewer"),
            (
                {"status_date_day": "31", "status_date_month": "2"},
                "The status date must be a real date",
            ),
            ({"status_date_day": ""}, "The status date must include a day"),
            ({"status_date_year": "20050"}, "The status date must be a real date"),
            ({"status_date_day": "8"}, "The status date cannot be in the future"),
            (
                {"period": "Q3 2005/06", "status_date_day": "30", "status_date_month": "9"},
                BEFORE_PERIOD.format(period="Q3 2005/06", start=date(2005, 10, 1)),
            ),
        ],
    )
    def test_bad_input_is_explained_by_the_field_and_nothing_is_saved(
        self, client, officer, project, changes, message
    ):
        client.force_login(officer)
        response = client.post(self.url, update_form(**changes))
        assert response.status_code == 200
        assert errors_of(response) == [message]
        page = response.content.decode()
        assert "There is a problem" in page
        assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
        assert ProjectUpdate.objects.count() == 0

    def test_what_was_typed_is_kept_after_an_error(self, client, officer, project):
        client.force_login(officer)
        page = client.post(
            self.url, update_form(rag_reason="", progress="Keep me.")
        ).content.decode()
        assert "Keep me.</textarea>" in page

    def test_another_departments_officer_is_refused(self, client, officer, other_project):
        client.force_login(officer)
        url = "/capital-projects/BTP-HOST/updates/new/"
        assert client.get(url).status_code == 403
        response = client.post(url, update_form())
        assert response.status_code == 403
        assert (
            "Only officers of People First, report authors and administrators may change this."
            in (response.content.decode())
        )
        assert ProjectUpdate.objects.count() == 0

    def test_authors_may_update_any_department(self, client, author, other_project):
        client.force_login(author)
        response = client.post("/capital-projects/BTP-HOST/updates/new/", update_form())
        assert response.status_code == 302
        assert ProjectUpdate.objects.get().recorded_by == author

    def test_a_second_officer_saving_over_a_first_is_told_and_shown(
        self, client, officer, make_user, department, project
    ):
        """Both loaded the form at version 1; the first saved; the second is refused."""
        client.force_login(officer)
        assert client.get(self.url).context["form"].initial["version"] == 1
        colleague = Client()
        colleague.force_login(
            make_user(
                "ann", "officer", departments=[department], first_name="Ann", last_name="Other"
            )
        )
        assert colleague.get(self.url).context["form"].initial["version"] == 1
        colleague_saved = colleague.post(self.url, update_form(progress="Colleague's update."))
        assert colleague_saved.status_code == 302
        response = client.post(self.url, update_form(progress="My update."))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Someone else changed this project while you were editing it" in page
        assert "Project update added by Ann Other" in page  # the other change, shown
        assert list(ProjectUpdate.objects.values_list("progress", flat=True)) == [
            "Colleague's update."
        ]
        assert response.context["form"].data["version"] == 2  # a second submit may now go through
        assert "My update.</textarea>" in page


class TestCorrections:
    def test_a_correction_keeps_the_original(self, client, officer, project, add_update):
        original = add_update(project, date(2005, 11, 4), Rag.GREEN, progress="All fine.")
        client.force_login(officer)
        url = f"/capital-projects/ICT-SAN/updates/{original.pk}/correct/"
        form = client.get(url).context["form"]
        assert form.initial["progress"] == "All fine."
        data = update_form(rag="red", rag_reason="Supplier failed.", correction_reason="")
        response = client.post(url, data)
        assert errors_of(response) == ["Enter the reason for the correction"]
        response = client.post(url, data | {"correction_reason": "The supplier had failed."})
        assert response.status_code == 302
        correction = ProjectUpdate.objects.get(corrects=original)
        assert (correction.status_date, correction.period, correction.rag) == (
            original.status_date,
            original.period,
            Rag.RED,
        )
        assert ProjectUpdate.objects.get(pk=original.pk).rag == Rag.GREEN


class TestMoney:
    url = "/capital-projects/ICT-SAN/money/new/"

    def data(self, **changes):
        return {
            "version": "1",
            "effective_on_day": "4",
            "effective_on_month": "11",
            "effective_on_year": "2005",
            "approved_budget": "£450,000",
            "spend_to_date": "284,900.50",
            "forecast_outturn": "450000",
            "note": "",
        } | changes

    def test_figures_are_recorded_as_typed_by_people(self, client, officer, project):
        client.force_login(officer)
        assert client.post(self.url, self.data()).status_code == 302
        finance = ProjectFinance.objects.get()
        assert (str(finance.approved_budget), str(finance.spend_to_date)) == (
            "450000.00",
            "284900.50",
        )

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({"spend_to_date": "-5"}, "The spend to date cannot be negative"),
            (
                {"approved_budget": "lots"},
                "Enter the approved budget in pounds, like 1250000 or 1,250,000.00",
            ),
            ({"forecast_outturn": "1.234"}, "Give the forecast outturn to the nearest penny"),
            (
                {"forecast_outturn": "99999999999"},
                "The forecast outturn must be less than £10,000,000,000",
            ),
            ({"approved_budget": ""}, "Enter the approved budget"),
            (
                {"effective_on_year": "2004", "effective_on_month": "1"},
                "The date cannot be before the project joined the programme on 4 October 2004",
            ),
        ],
    )
    def test_bad_money_is_refused(self, client, officer, project, changes, message):
        client.force_login(officer)
        response = client.post(self.url, self.data(**changes))
        assert errors_of(response) == [message]
        assert ProjectFinance.objects.count() == 0

    def test_the_form_starts_from_the_latest_figures(self, client, officer, project, add_finance):
        add_finance(project, date(2005, 9, 30), "450000", "262000", "450000")
        client.force_login(officer)
        initial = client.get(self.url).context["form"].initial
        assert (initial["spend_to_date"], initial["effective_on"]) == (262000, TODAY)


class TestMilestones:
    def test_adding_a_milestone(self, client, officer, project):
        client.force_login(officer)
        response = client.post(
            "/capital-projects/ICT-SAN/milestones/new/",
            {
                "version": "1",
                "name": "Phase 2 starts",
                "baseline_date_day": "1",
                "baseline_date_month": "6",
                "baseline_date_year": "2006",
            },
        )
        assert response.status_code == 302
        milestone = Milestone.objects.get()
        assert (milestone.name, milestone.baseline_date, milestone.added_on) == (
            "Phase 2 starts",
            date(2006, 6, 1),
            TODAY,
        )

    def revise(self, client, milestone, **changes):
        data = {
            "version": "1",
            "effective_on_day": "4",
            "effective_on_month": "11",
            "effective_on_year": "2005",
            "note": "",
        } | changes
        return client.post(f"/capital-projects/ICT-SAN/milestones/{milestone.pk}/update/", data)

    def test_revising_a_forecast(self, client, officer, milestone):
        client.force_login(officer)
        response = self.revise(
            client,
            milestone,
            forecast_date_day="30",
            forecast_date_month="11",
            forecast_date_year="2005",
        )
        assert response.status_code == 302
        assert milestone.revisions.get().forecast_date == date(2005, 11, 30)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            ({}, "Enter a forecast date, or the actual date if the milestone has been met"),
            (
                {
                    "forecast_date_day": "1",
                    "forecast_date_month": "11",
                    "forecast_date_year": "2005",
                },
                FORECAST_IN_THE_PAST,
            ),
            (
                {"actual_date_day": "5", "actual_date_month": "11", "actual_date_year": "2005"},
                ACTUAL_AFTER_UPDATE,
            ),
        ],
    )
    def test_impossible_dates_are_refused(self, client, officer, milestone, changes, message):
        client.force_login(officer)
        response = self.revise(client, milestone, **changes)
        assert errors_of(response) == [message]
        assert milestone.revisions.count() == 0


class TestActions:
    def test_plan_page_lists_actions(self, client, officer, action, add_note):
        add_note(action, date(2005, 11, 4))
        client.force_login(officer)
        page = client.get("/improvement-plan/").content.decode()
        assert (
            "The Harrow IT Services Improvement Plan, begun in October 2004: 18 to 24 months"
            in page
        )
        assert (
            f'<a class="govuk-link" href="/improvement-plan/actions/{action.pk}/">Restructure Harrow IT Services</a>'
            in page
        )
        assert "In progress" in page

    def test_plan_page_as_at_a_day_shows_the_plan_then_in_force(self, client, officer, action):
        """As at a day before the plan began, the page describes no plan; from the day it
        began, it does."""
        client.force_login(officer)
        before = client.get(
            "/improvement-plan/?as_at_day=30&as_at_month=9&as_at_year=2004"
        ).content.decode()
        assert "Actions as at 30 September 2004" in before
        assert "Improvement Plan, begun in" not in before
        begun = client.get(
            "/improvement-plan/?as_at_day=1&as_at_month=10&as_at_year=2004"
        ).content.decode()
        assert "Actions as at 1 October 2004" in begun
        assert "The Harrow IT Services Improvement Plan, begun in October 2004" in begun

    def test_adding_a_progress_note(self, client, officer, action):
        client.force_login(officer)
        url = f"/improvement-plan/actions/{action.pk}/notes/new/"
        data = {
            "version": "1",
            "status_date_day": "4",
            "status_date_month": "11",
            "status_date_year": "2005",
            "status": "in_progress",
            "note": "Revised structure put forward.",
        }
        response = client.post(url, data, follow=True)
        assert "Progress note added." in response.content.decode()
        assert ActionUpdate.objects.get().note == "Revised structure put forward."
        response = client.post(url, data)  # the same form again: stale
        assert "Someone else changed this action" in response.content.decode()
        assert ActionUpdate.objects.count() == 1

    @pytest.mark.parametrize(
        ("url", "queries"),
        [("/improvement-plan/", 14), ("/improvement-plan/?_export=csv", 13)],
    )
    def test_takes_the_same_queries_however_many_actions(
        self, client, officer, plan, add_note, django_assert_num_queries, url, queries
    ):
        """Each action in its own area and department, with its progress notes: the same
        queries for two actions as for thirty (two pages)."""
        client.force_login(officer)

        def add(n):
            for _ in range(n):
                number = Action.objects.count()
                action = Action.objects.create(
                    area=PlanArea.objects.create(plan=plan, number=number + 2, name=f"A{number}"),
                    reference=f"R{number}",
                    title="T",
                    owner="O",
                    department=Department.objects.create(name=f"D{number}", slug=f"d{number}"),
                    due_date=date(2005, 10, 31),
                    added_on=date(2005, 1, 1),
                )
                add_note(action, date(2005, 6, 1))
                add_note(action, date(2005, 9, 1), ActionStatus.ON_HOLD)

        add(2)
        client.get(url)  # warm the caches that load once a process
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
        add(28)
        with django_assert_num_queries(queries):
            page = client.get(url).content.decode()
        assert page.count("On hold") >= 25  # a page of them, or all thirty

    def test_overdue_filter_and_export(self, client, officer, action):
        client.force_login(officer)
        response = client.get("/improvement-plan/?overdue=no&_export=csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[1][:2] == ["1.1", "Restructure Harrow IT Services"]
        assert rows[1][-1] == "No"
        response = client.get("/improvement-plan/?overdue=yes&_export=csv")
        assert len(list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))) == 1
