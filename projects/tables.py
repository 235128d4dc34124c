import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from harrow_its.tables import GovukTable, MoneyColumn, RagColumn
from projects.models import Action, ActionStatus, Project


class ProjectTable(GovukTable):
    caption = "Capital projects"
    name = tables.Column(verbose_name="Project")
    code = tables.Column(visible=False)  # shown under the name; a column of its own in exports
    programme = tables.Column(accessor="programme__name", verbose_name="Programme")
    department = tables.Column(accessor="department__name", verbose_name="Department")
    manager = tables.Column(verbose_name="Project manager", visible=False)
    rag = RagColumn()
    status_date = tables.DateColumn(verbose_name="Status date", format="j M Y", default="")
    approved_budget = MoneyColumn(verbose_name="Approved budget")
    spend_to_date = MoneyColumn(verbose_name="Spend to date")
    forecast_outturn = MoneyColumn(verbose_name="Forecast outturn")

    class Meta(GovukTable.Meta):
        model = Project
        fields = ["name", "code"]
        order_by = "code"
        empty_text = "No projects match these filters."

    def render_name(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="app-secondary-text">{}</span>',
            record.get_absolute_url(),
            record.name,
            record.code,
        )

    def value_name(self, value):
        return value


class ActionTable(GovukTable):
    caption = "Improvement actions"
    reference = tables.Column(verbose_name="Ref.")
    title = tables.Column(verbose_name="Action")
    area = tables.Column(accessor="area__name", verbose_name="Area", order_by=("area__number",))
    owner = tables.Column()
    department = tables.Column(accessor="department__name", verbose_name="Department")
    due_date = tables.DateColumn(verbose_name="Due", format="j M Y", default="")
    status = tables.Column(empty_values=())
    status_date = tables.DateColumn(verbose_name="Last note", format="j M Y", default="")
    overdue = tables.Column(empty_values=(), verbose_name="Overdue")

    class Meta(GovukTable.Meta):
        model = Action
        fields = ["reference", "title"]
        order_by = ("area", "reference")
        empty_text = "No actions match these filters."

    def render_title(self, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>', record.get_absolute_url(), record.title
        )

    def value_title(self, value):
        return value

    def render_status(self, value):
        return ActionStatus(value).label if value else "No notes yet"

    def value_status(self, value):
        return self.render_status(value)

    def render_overdue(self, value):
        if value:
            return mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')
        return "No"

    def value_overdue(self, value):
        return "Yes" if value else "No"
