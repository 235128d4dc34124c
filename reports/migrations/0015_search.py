"""Search: an entry for each part of a published report (reports/search.py), and
the entries of the reports already published, from the data stored with each, made
before the database starts refusing entries of a published report."""

import json

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations, models

import harrow_its.triggers
from reports.search import entries_of


def index_the_published_reports(apps, schema_editor):
    """Every published report's entries, from each version of its stored data."""
    SearchEntry = apps.get_model("reports", "SearchEntry")
    PublishedFile = apps.get_model("reports", "PublishedFile")
    entries = []
    for file in PublishedFile.objects.filter(
        kind="json", publication__report__state="published"
    ).order_by("publication_id", "restricted"):
        data = json.loads(bytes(file.content))
        entries += entries_of(
            file.publication_id, data, restricted=file.restricted, entry=SearchEntry
        )
    SearchEntry.objects.bulk_create(entries)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0014_notices"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "restricted",
                    models.BooleanField(
                        help_text="Of the restricted version, with the exempt parts."
                    ),
                ),
                (
                    "exempt",
                    models.BooleanField(
                        help_text="Part II itself: an exempt part, or a Part II report's."
                    ),
                ),
                ("position", models.PositiveIntegerField(help_text="Its place in the report.")),
                (
                    "part",
                    models.TextField(help_text='Such as "Paragraph 2.3" or "Appendix 2: ICT-SAN".'),
                ),
                ("title", models.TextField()),
                ("text", models.TextField()),
                (
                    "url",
                    models.CharField(
                        help_text="The report's page, at the part's anchor.", max_length=300
                    ),
                ),
                (
                    "vector",
                    models.GeneratedField(
                        db_persist=True,
                        expression=django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                "part", "title", config="english", weight="A"
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                "text", config="english", weight="B"
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
                (
                    "report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="search_entries",
                        to="reports.report",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "ordering": ["report", "restricted", "position"],
                "indexes": [
                    django.contrib.postgres.indexes.GinIndex(
                        fields=["vector"], name="search_entry_vector"
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("report", "restricted", "position"), name="one_search_entry_a_place"
                    )
                ],
            },
        ),
        # Before the triggers: the reports are published already.
        migrations.RunPython(index_the_published_reports, migrations.RunPython.noop),
        pgtrigger.migrations.AddTrigger(
            model_name="searchentry",
            trigger=pgtrigger.compiler.Trigger(
                name="never_changes",
                sql=harrow_its.triggers.ProtectionSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="90921209497f0b1e57ae65ce0a9503a94a195e74",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_never_changes_09f43",
                    table="reports_searchentry",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="searchentry",
            trigger=pgtrigger.compiler.Trigger(
                name="nothing_added_once_published",
                sql=harrow_its.triggers.ProtectionSql(
                    func="\n            IF (TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM reports_report WHERE id = (OLD.report_id) AND state = 'published')) OR (TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM reports_report WHERE id = (NEW.report_id) AND state = 'published')) THEN\n                RAISE EXCEPTION 'A published report never changes: start a correction instead.' USING ERRCODE = 'restrict_violation';\n            END IF;\n            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n            RETURN NEW;\n        ",
                    hash="6efb0d22f2ddb21a46b3a5200bb5ccf659c649b6",
                    operation="INSERT",
                    pgid="pgtrigger_nothing_added_once_published_8f043",
                    table="reports_searchentry",
                    when="BEFORE",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="searchentry",
            trigger=pgtrigger.compiler.Trigger(
                name="no_truncate",
                sql=harrow_its.triggers.ProtectionSql(
                    func="RAISE EXCEPTION 'History and published records are never truncated (%).', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';",
                    hash="c927801b3dd1fdda95e7237c9c55b386a1b10255",
                    level="STATEMENT",
                    operation="TRUNCATE",
                    pgid="pgtrigger_no_truncate_a7250",
                    table="reports_searchentry",
                    when="BEFORE",
                ),
            ),
        ),
    ]
